#!/usr/bin/env node
// Turns a terminal capture with SGR colours (`tmux capture-pane -p -e`) into an SVG, so the
// README can show real screens of the real program. Usage: ansi-to-svg.mjs < capture > out.svg
import { readFileSync } from "node:fs";

const CELL_W = 8.4;
const CELL_H = 18;
const BASE16 = [
  "#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
  "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
];
const FG = "#d4d4d4";
const BG = "#1e1e1e";

function color256(n) {
  if (n < 16) return BASE16[n];
  if (n < 232) {
    const v = n - 16;
    const c = (x) => (x === 0 ? 0 : 55 + x * 40);
    return `rgb(${c(Math.floor(v / 36))},${c(Math.floor(v / 6) % 6)},${c(v % 6)})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

function applySgr(style, params) {
  const p = params.length ? params : [0];
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) Object.assign(style, { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });
    else if (n === 1) style.bold = true;
    else if (n === 2) style.dim = true;
    else if (n === 3) style.italic = true;
    else if (n === 4) style.underline = true;
    else if (n === 7) style.inverse = true;
    else if (n === 22) style.bold = style.dim = false;
    else if (n === 23) style.italic = false;
    else if (n === 24) style.underline = false;
    else if (n === 27) style.inverse = false;
    else if (n >= 30 && n <= 37) style.fg = BASE16[n - 30];
    else if (n === 39) style.fg = null;
    else if (n >= 40 && n <= 47) style.bg = BASE16[n - 40];
    else if (n === 49) style.bg = null;
    else if (n >= 90 && n <= 97) style.fg = BASE16[n - 90 + 8];
    else if (n >= 100 && n <= 107) style.bg = BASE16[n - 100 + 8];
    else if ((n === 38 || n === 48) && p[i + 1] === 5) {
      style[n === 38 ? "fg" : "bg"] = color256(p[i + 2]);
      i += 2;
    } else if ((n === 38 || n === 48) && p[i + 1] === 2) {
      style[n === 38 ? "fg" : "bg"] = `rgb(${p[i + 2]},${p[i + 3]},${p[i + 4]})`;
      i += 4;
    }
  }
}

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const text = readFileSync(0, "utf8").replace(/\n+$/, "");
const lines = text.split("\n");
const cols = Math.max(...lines.map((l) => l.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "").length), 40);
const out = [];
const style = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false };
lines.forEach((line, row) => {
  let col = 0;
  for (const part of line.split(/(\u001b\[[0-9;]*[A-Za-z])/)) {
    const m = /^\u001b\[([0-9;]*)([A-Za-z])$/.exec(part);
    if (m) {
      if (m[2] === "m") applySgr(style, m[1] ? m[1].split(";").map(Number) : []);
      continue;
    }
    if (!part) continue;
    const chars = [...part];
    let fg = style.fg ?? FG;
    let bg = style.bg;
    if (style.inverse) [fg, bg] = [bg ?? BG, fg];
    const x = col * CELL_W;
    const y = row * CELL_H;
    if (bg) out.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${(chars.length * CELL_W).toFixed(1)}" height="${CELL_H}" fill="${bg}"/>`);
    const attrs = [
      `x="${x.toFixed(1)}"`, `y="${y + 13}"`, `fill="${fg}"`,
      style.bold ? 'font-weight="bold"' : "", style.dim ? 'opacity="0.6"' : "", style.italic ? 'font-style="italic"' : "",
      style.underline ? 'text-decoration="underline"' : "", `textLength="${(chars.length * CELL_W).toFixed(1)}"`, 'lengthAdjust="spacingAndGlyphs"',
    ].filter(Boolean);
    if (part.trim()) out.push(`<text ${attrs.join(" ")} xml:space="preserve">${esc(part)}</text>`);
    col += chars.length;
  }
});
const width = Math.ceil(cols * CELL_W + 24);
const height = lines.length * CELL_H + 24;
process.stdout.write(
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans Mono, monospace" font-size="14">` +
    `<rect width="100%" height="100%" fill="${BG}"/><g transform="translate(12,12)">${out.join("")}</g></svg>\n`,
);
