import { safe, safeStyled } from "./text.js";

// Styling stays as data (lines of styled spans) until the very last step. Containers such as
// quotes and lists can then prefix lines, and tables can measure and cut cells, without ever
// parsing escape codes back out of a string. Serialising is also the single place that writes
// escape codes, so it is the one place to audit: it emits SGR sequences (ESC [ digits m) only,
// among them inverse video (7/27) around the visible escapes of control characters.

/** The 16-colour palette, so the user's terminal theme decides the actual shades. */
export type Color = "red" | "green" | "yellow" | "blue" | "magenta" | "cyan" | "gray";

export interface Style {
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly strike?: boolean;
  readonly fg?: Color;
}

export interface Span {
  readonly text: string;
  readonly style?: Style | undefined;
}

export type Line = readonly Span[];

const FG: Record<Color, number> = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
};

export function merge(base: Style | undefined, extra: Style | undefined): Style | undefined {
  if (!base) return extra;
  if (!extra) return base;
  return { ...base, ...extra };
}

// Each attribute is closed with its own reset code rather than a full reset (0), so that a
// colour the caller sets on the surrounding Ink <Text> is not wiped out after every span.
function codes(style: Style): { open: string; close: string } {
  const open: number[] = [];
  const close: number[] = [];
  if (style.bold) open.push(1);
  if (style.dim) open.push(2);
  if (style.bold || style.dim) close.push(22);
  if (style.italic) {
    open.push(3);
    close.push(23);
  }
  if (style.underline) {
    open.push(4);
    close.push(24);
  }
  if (style.strike) {
    open.push(9);
    close.push(29);
  }
  if (style.fg) {
    open.push(FG[style.fg]);
    close.push(39);
  }
  if (open.length === 0) return { open: "", close: "" };
  return { open: `\u001b[${open.join(";")}m`, close: `\u001b[${close.join(";")}m` };
}

function sameStyle(a: Style | undefined, b: Style | undefined): boolean {
  if (a === b) return true;
  return (
    !!a?.bold === !!b?.bold &&
    !!a?.dim === !!b?.dim &&
    !!a?.italic === !!b?.italic &&
    !!a?.underline === !!b?.underline &&
    !!a?.strike === !!b?.strike &&
    a?.fg === b?.fg
  );
}

/** One line as a string for an Ink <Text>: SGR codes when `color`, nothing else. */
export function serializeLine(line: Line, color: boolean): string {
  if (!color) return safe(line.map((span) => span.text).join(""));
  let out = "";
  let i = 0;
  while (i < line.length) {
    const style = line[i]!.style;
    let text = "";
    // Neighbours with the same look share one open/close pair: fewer bytes per frame.
    while (i < line.length && sameStyle(line[i]!.style, style)) text += line[i++]!.text;
    if (text === "") continue;
    const { open, close } = style ? codes(style) : { open: "", close: "" };
    out += open + safeStyled(text) + close;
  }
  return out;
}

export function serialize(lines: readonly Line[], color: boolean): string {
  return lines.map((line) => serializeLine(line, color)).join("\n");
}

/** Split spans at newlines so every line opens and closes its own styles. */
export function splitLines(spans: readonly Span[]): Line[] {
  const lines: Span[][] = [[]];
  for (const span of spans) {
    const parts = span.text.split("\n");
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part !== "") lines[lines.length - 1]!.push({ text: part, style: span.style });
    });
  }
  return lines;
}

export function plainText(spans: readonly Span[]): string {
  return spans.map((span) => span.text).join("");
}
