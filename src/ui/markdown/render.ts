import { Lexer, type MarkedToken, type Token, type Tokens } from "marked";
import { highlightLines } from "./highlight.js";
import { checkbox, inlineSpans, known } from "./inline.js";
import { serialize, splitLines, type Line, type Span, type Style } from "./style.js";
import { renderTable } from "./table.js";
import { textWidth, truncateLine } from "./measure.js";
import { clean, safe } from "./text.js";

export interface RenderOptions {
  /** Columns available to the text; only tables and rules are fitted to it (Ink wraps the rest). */
  readonly width: number;
  /** False for NO_COLOR or a non-TTY: plain text with the same layout and no escape codes. */
  readonly color: boolean;
}

interface Ctx {
  readonly width: number;
  readonly color: boolean;
  readonly listDepth: number;
}

const HEADINGS: readonly Style[] = [
  { bold: true, underline: true, fg: "magenta" },
  { bold: true, fg: "magenta" },
  { bold: true, fg: "cyan" },
  { bold: true },
];
const GUTTER: Style = { fg: "gray" };
const BULLETS = ["•", "◦", "▪"] as const;
// GitHub-flavoured: tables, strikethrough, task lists and bare-URL links, as models write them.
const LEXER_OPTIONS = { gfm: true } as const;

/**
 * Markdown to a string for an Ink <Text>: styles as SGR codes (none when `color` is false),
 * one blank line between blocks, code blocks keeping their lines and indentation. Text cut off
 * mid-stream renders as far as it goes; an unclosed ``` fence shows as a code block so far.
 * Never throws: should the parser fail on some input, the text is shown as it is.
 */
export function renderMarkdown(text: string, opts: RenderOptions): string {
  const source = clean(text);
  try {
    if (tooDeep(source)) return plain(source);
    return serialize(trimBlank(blockLines(lex(source), opts)), opts.color);
  } catch {
    return plain(source);
  }
}

// The steps of renderMarkdown, for the incremental renderer (incremental.ts), which must give
// exactly the same result from the same steps applied to the text a block at a time.

/** Block tokens of cleaned markdown, inline tokens included. */
export function lex(source: string): Token[] {
  return Lexer.lex(source, LEXER_OPTIONS);
}

/** Top-level block tokens to lines, one blank line between blocks, blank lines at the ends kept. */
export function blockLines(tokens: readonly Token[], opts: RenderOptions): Line[] {
  return blocks(tokens, { width: sane(opts.width), color: opts.color, listDepth: 0 }, true);
}

/** Whether `source` quotes too deep to be rendered as markdown at all (see MAX_QUOTE_DEPTH). */
export function tooDeep(source: string): boolean {
  return TOO_DEEP.test(source);
}

/**
 * Quotes nested deeper than this make the whole text plain: marked lexes a quote's body again
 * for every level, so 16 KB quoted 200 deep took 0.4 s per frame of a live reply (and the
 * recursion has no other bound). Real replies quote a few levels at most.
 */
const MAX_QUOTE_DEPTH = 16;
const TOO_DEEP = new RegExp(`^(?:[ \\t]*>){${MAX_QUOTE_DEPTH + 1}}`, "m");

/** Cleaned text shown as it is, for what is not rendered as markdown. */
export function plain(source: string): string {
  return source.split("\n").map(safe).join("\n");
}

function sane(width: number): number {
  return Number.isFinite(width) ? Math.max(1, Math.floor(width)) : 80;
}

/** Render block tokens, separated by a blank line when `gap` (always, but in tight list items). */
function blocks(tokens: readonly Token[], ctx: Ctx, gap: boolean): Line[] {
  const out: Line[] = [];
  for (const token of tokens) {
    const lines = block(known(token), ctx);
    if (lines.length === 0) continue;
    if (gap && out.length > 0) out.push([]);
    out.push(...lines);
  }
  return out;
}

function block(token: MarkedToken, ctx: Ctx): Line[] {
  switch (token.type) {
    case "space":
    case "def":
      return [];
    case "paragraph":
      return splitLines(inlineSpans(token.tokens, undefined, ctx.color));
    case "text":
      return splitLines(inlineSpans(token.tokens ?? [token], undefined, ctx.color));
    case "heading":
      return heading(token, ctx);
    case "code":
      return codeBlock(token, ctx);
    case "blockquote":
      return prefix(blocks(token.tokens, narrower(ctx, 2), true), gutter("▎"));
    case "list":
      return list(token, ctx);
    case "table":
      return renderTable(token, ctx.width, ctx.color);
    case "hr":
      return [[{ text: "─".repeat(ctx.width), style: GUTTER }]];
    case "html":
      // Block HTML is shown as written; a terminal has no way to render it.
      return splitLines([{ text: token.text.replace(/\n+$/, "") }]);
    default:
      return token.raw.trim() ? splitLines([{ text: token.raw.replace(/\n+$/, "") }]) : [];
  }
}

function narrower(ctx: Ctx, by: number, listDepth = ctx.listDepth): Ctx {
  return { width: Math.max(1, ctx.width - by), color: ctx.color, listDepth };
}

function heading(token: Tokens.Heading, ctx: Ctx): Line[] {
  const depth = Math.min(Math.max(token.depth, 1), 6);
  const style = HEADINGS[Math.min(depth, HEADINGS.length) - 1];
  const spans = inlineSpans(token.tokens, style, ctx.color);
  // Without colour the level would be invisible, so the "#" markers stay.
  const marker: Span[] = ctx.color ? [] : [{ text: `${"#".repeat(depth)} ` }];
  return splitLines([...marker, ...spans]);
}

function gutter(mark: string): Span {
  return { text: mark, style: GUTTER };
}

/** Put `mark` + space before every line; blank lines get the mark alone (no trailing blank). */
function prefix(lines: readonly Line[], mark: Span): Line[] {
  return lines.map((line) => (line.length === 0 ? [mark] : [mark, { text: " " }, ...line]));
}

function codeBlock(token: Tokens.Code, ctx: Ctx): Line[] {
  const lang = token.lang?.trim().split(/\s+/)[0];
  const label = lang ? ` ${truncateLine([{ text: lang }], 30)[0]?.text ?? ""}` : "";
  // Indented (non-fenced) code carries no language; it gets the same frame.
  const header: Line = [{ text: `╭─${label}`, style: GUTTER }];
  return [header, ...prefix(highlightLines(token.text, lang, ctx.color), gutter("│"))];
}

function list(token: Tokens.List, ctx: Ctx): Line[] {
  const start = typeof token.start === "number" ? token.start : 1;
  const last = String(start + Math.max(0, token.items.length - 1));
  const bullet = BULLETS[ctx.listDepth % BULLETS.length]!;
  const out: Line[] = [];
  token.items.forEach((item, i) => {
    // Numbers are right-aligned so that item texts start in one column ( 9. / 10.).
    const marker = token.ordered ? `${String(start + i).padStart(last.length)}.` : bullet;
    const indent = textWidth(marker) + 1;
    const body = listItem(item, narrower(ctx, indent, ctx.listDepth + 1));
    if (i > 0 && token.loose) out.push([]);
    const markerSpan: Span = { text: marker, style: token.ordered ? undefined : GUTTER };
    const pad: Span = { text: " ".repeat(indent) };
    if (body.length === 0) out.push([markerSpan]);
    body.forEach((line, j) => {
      if (j === 0) out.push([markerSpan, { text: " " }, ...line]);
      else out.push(line.length === 0 ? [] : [pad, ...line]);
    });
  });
  return out;
}

function listItem(item: Tokens.ListItem, ctx: Ctx): Line[] {
  let box: Span | undefined;
  const rest: Token[] = [];
  for (const token of item.tokens) {
    const t = known(token);
    if (t.type === "checkbox") box = checkbox(t.checked);
    else rest.push(token);
  }
  // A task item that is still empty mid-stream ("- [ ]") has only its checkbox.
  if (box === undefined && item.task) box = checkbox(item.checked === true);
  const lines = blocks(rest, ctx, item.loose);
  if (!box) return lines;
  const [first, ...others] = lines;
  return [first && first.length > 0 ? [box, { text: " " }, ...first] : [box], ...others];
}

/** Leading and trailing blank lines would only push the message apart in the transcript. */
function trimBlank(lines: Line[]): Line[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.length === 0) start++;
  while (end > start && lines[end - 1]!.length === 0) end--;
  return lines.slice(start, end);
}
