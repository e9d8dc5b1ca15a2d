import stringWidth from "string-width";
import type { Line, Span } from "./style.js";

// C0 controls except \n, DEL, and C1 controls. The caller sanitises before rendering; this is
// a second line of defence so that the renderer's own output can never carry an ESC that it
// did not write itself as part of an SGR code, whatever a future caller forgets.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;

/** Normalise input: CRLF to LF, tabs to two spaces (as the sanitiser does), controls removed. */
export function clean(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\t/g, "  ").replace(CONTROL, "");
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  times: "×",
  middot: "·",
  bull: "•",
  larr: "←",
  rarr: "→",
};

// A numeric reference could smuggle in what the sanitiser removed (&#27; is ESC, &#x202E; a
// BiDi override); such references are left as literal text instead of being decoded.
function safeCodePoint(cp: number): boolean {
  if (!Number.isInteger(cp) || cp < 0x20 || cp > 0x10ffff) return false;
  if (cp >= 0x7f && cp <= 0x9f) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp >= 0x200b && cp <= 0x200f) return false;
  if (cp >= 0x2028 && cp <= 0x202e) return false;
  if (cp >= 0x2060 && cp <= 0x2069) return false;
  return cp !== 0xfeff;
}

const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g;

/** Markdown text may carry HTML character references; marked leaves them for an HTML renderer. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith("#")) {
      const hex = body[1] === "x" || body[1] === "X";
      const cp = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return safeCodePoint(cp) ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

export function textWidth(text: string): number {
  return stringWidth(text);
}

export function lineWidth(line: Line): number {
  return stringWidth(line.map((span) => span.text).join(""));
}

const segmenter = new Intl.Segmenter();

/** Cut a line to at most `max` columns, ending in "…" when something was cut. */
export function truncateLine(line: Line, max: number): Line {
  if (lineWidth(line) <= max) return line;
  if (max <= 0) return [];
  const out: Span[] = [];
  const budget = max - 1;
  let used = 0;
  for (const span of line) {
    let text = "";
    for (const { segment } of segmenter.segment(span.text)) {
      const w = stringWidth(segment);
      if (used + w > budget) {
        out.push({ text: `${text}…`, style: span.style });
        return out;
      }
      text += segment;
      used += w;
    }
    out.push({ text, style: span.style });
  }
  return out;
}
