import stringWidth from "string-width";
import type { Line, Span } from "./style.js";

// Measuring runs for every table cell and list marker on every frame; string-width is thorough
// but slow. Most text is printable ASCII, whose width is its length, and the rest is mostly
// short strings that recur (bullets, separators, single characters), so those are remembered.
const ASCII = /^[\x20-\x7e]*$/;
const widths = new Map<string, number>();

export function textWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  if (text.length > 16) return stringWidth(text);
  let w = widths.get(text);
  if (w === undefined) {
    if (widths.size >= 4096) widths.clear();
    w = stringWidth(text);
    widths.set(text, w);
  }
  return w;
}

export function lineWidth(line: Line): number {
  return line.reduce((sum, span) => sum + textWidth(span.text), 0);
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
      const w = textWidth(segment);
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
