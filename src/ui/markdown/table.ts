import type { Tokens } from "marked";
import { inlineSpans } from "./inline.js";
import type { Line, Span, Style } from "./style.js";
import { lineWidth, truncateLine } from "./measure.js";
import { safe } from "./text.js";

type Align = Tokens.TableCell["align"];

const HEADER: Style = { bold: true };
const RULE: Style = { fg: "gray" };
const SEPARATOR = " │ ";
const MIN_COLUMN = 3;

// A cell is one line: the columns only line up if nothing inside them breaks. It is made safe
// here already (not only on output) so that its width is measured as it will be shown.
function cell(tokens: Tokens.TableCell["tokens"], base: Style | undefined, color: boolean): Line {
  return inlineSpans(tokens, base, color).map((span) => ({
    text: safe(span.text.replace(/\n/g, " ")),
    style: span.style,
  }));
}

/** Narrow the widest columns first until the row fits, keeping every column readable. */
function fit(widths: number[], available: number): number[] {
  const out = [...widths];
  const room = available - SEPARATOR.length * (out.length - 1);
  let excess = out.reduce((a, b) => a + b, 0) - room;
  while (excess > 0) {
    let widest = 0;
    out.forEach((w, i) => {
      if (w > out[widest]!) widest = i;
    });
    const current = out[widest]!;
    if (current <= MIN_COLUMN) break;
    const second = out.reduce((m, w, i) => (i === widest ? m : Math.max(m, w)), MIN_COLUMN);
    // Shrink in one step down to the runner-up (or by the excess), not one column at a time.
    const cut = Math.min(excess, Math.max(1, current - second));
    out[widest] = current - cut;
    excess -= cut;
  }
  return out;
}

function pad(content: Line, width: number, align: Align, last: boolean): Line {
  const cut = truncateLine(content, width);
  const gap = width - lineWidth(cut);
  if (gap <= 0) return cut;
  if (align === "right") return [{ text: " ".repeat(gap) }, ...cut];
  if (align === "center") {
    const left = Math.floor(gap / 2);
    const right = last ? [] : [{ text: " ".repeat(gap - left) }];
    return [{ text: " ".repeat(left) }, ...cut, ...right];
  }
  // No trailing blanks after the last column: they would only add invisible width.
  return last ? cut : [...cut, { text: " ".repeat(gap) }];
}

/** A GFM table as aligned columns separated by "│", cut to `width` columns. */
export function renderTable(token: Tokens.Table, width: number, color: boolean): Line[] {
  const header = token.header.map((c) => cell(c.tokens, HEADER, color));
  const rows = token.rows.map((row) => row.map((c) => cell(c.tokens, undefined, color)));
  const columns = rows.reduce((n, row) => Math.max(n, row.length), header.length);
  if (columns === 0) return [];
  const natural = Array.from({ length: columns }, (_, i) =>
    rows.reduce((w, row) => Math.max(w, row[i] ? lineWidth(row[i]) : 0), lineWidth(header[i] ?? [])),
  );
  const widths = fit(natural, width);
  const align = (i: number): Align => token.align[i] ?? null;

  const row = (cells: readonly Line[]): Line => {
    const out: Span[] = [];
    widths.forEach((w, i) => {
      if (i > 0) out.push({ text: SEPARATOR, style: RULE });
      out.push(...pad(cells[i] ?? [], w, align(i), i === columns - 1));
    });
    return truncateLine(out, width);
  };
  const rule: Line = [{ text: widths.map((w) => "─".repeat(w)).join("─┼─"), style: RULE }];

  return [row(header), truncateLine(rule, width), ...rows.map(row)];
}
