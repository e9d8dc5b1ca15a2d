import type { Token } from "marked";
import { blockLines, lex, plain, renderMarkdown, tooDeep, type RenderOptions } from "./render.js";
import { serializeLine, type Line } from "./style.js";
import { cleanGrowing } from "./text.js";

// A streaming reply is rendered again on every frame, and each frame it has only grown at its
// end. Rendering all of it each time made a frame cost as much as the whole reply. Here the
// blocks that can no longer change are rendered once and kept as finished rows; a frame renders
// only what follows them (the block still open) and appends it. The result is always exactly
// renderMarkdown's for the same text: same lexer, same block rendering, joined by the same rule.
//
// When is a block finished? A complete line after a blank line either continues an open block
// (a list item, indented code, a code fence, an HTML comment or <pre> ...) or starts a fresh one,
// and then every block before it is closed for good: marked lexes blocks in order, and nothing
// after a closed block reopens it. Rather than re-implement marked's rules for which is which,
// each such place is checked with marked itself: the text from the last boundary up to and
// including that line is lexed, and the line starts a boundary only if a token ends exactly
// where it starts. What decides is only whether the line is indented or a list marker, so a line
// still being written counts once its start says so: "-" may yet become "- item", which
// continues a list, "A" cannot. Lines that are indented or list markers are not even tried
// (they nearly always continue something, and trying costs a lexing of the open block).

/**
 * Reference definitions ("[x]: url") act on links anywhere in the text, before them too, so a
 * text that may hold one is rendered whole. One starts a block with "[" (after any quote and
 * list markers), and has "]:" after its label, which may run over lines; code such as
 * `-> list[int]:` has the one but not the other.
 */
function mayDefine(source: string): boolean {
  return source.includes("]:") && DEFINITION_START.test(source);
}
const DEFINITION_START = /^(?:[ \t>]|(?:[-+*]|\d{1,9}[.)])(?=[ \t]))*\[/m;
/** A run of blank lines; the match ends where the next line starts. */
const BLANK_RUN = /\n[ \t]*\n(?:[ \t]*\n)*/g;
/**
 * The start of a line still being written that already decides it: not indented, and not what
 * may become a list marker ("-", "1"), whatever follows.
 */
const STARTED = /^[^\s\-+*\d]/;
/** The opening of a fenced code block, as marked matches it. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A line that likely continues a list item or indented code after a blank line: not tried. */
const CONTINUES = /^(?:[ \t]|(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$))/;

interface Stream {
  readonly width: number;
  readonly color: boolean;
  /** The cleaned text whose finished blocks `rows` holds; it ends where a fresh block starts. */
  done: string;
  /** The cleaned text looked at for boundaries so far (a boundary ruled out stays ruled out). */
  seen: string;
  /** The finished blocks' rows as renderMarkdown would join them: from the first non-blank row to the last. */
  text: Rows;
  /** Inside a code fence that runs across blank lines: the line that closes it. */
  close: RegExp | undefined;
  /** No boundary is tried before this offset (a long open block is tried at doubling sizes). */
  retry: number;
  /** The last text rendered and its result: a frame drawn for some other reason costs nothing. */
  last: { source: string; out: string } | undefined;
}

/**
 * renderMarkdown with memory of the texts it rendered last: a text that extends one of them
 * costs only its new part (its open block and any blocks finished since). Holds a few texts at
 * once (several live items, a print of one that just finished).
 */
export class MarkdownCache {
  private streams: Stream[] = [];
  /** Characters lexed by the last render: what it cost, for tests and the bench. */
  lastWork = 0;

  constructor(private readonly size = 4) {}

  /**
   * The same string as renderMarkdown(text, opts). `maxWork`: when more than this many
   * characters would have to be rendered afresh (not covered by finished blocks), returns
   * undefined instead, for the caller's cheaper fallback.
   */
  render(text: string, opts: RenderOptions, maxWork = Number.POSITIVE_INFINITY): string | undefined {
    return this.renderClean(cleanGrowing(text), opts, maxWork);
  }

  /** As render, for text the caller has already cleaned (sanitize.ts): cleaning twice changes nothing. */
  renderClean(source: string, opts: RenderOptions, maxWork = Number.POSITIVE_INFINITY): string | undefined {
    this.lastWork = source.length;
    if (mayDefine(source)) return source.length > maxWork ? undefined : renderMarkdown(source, opts);
    if (tooDeep(source)) return plain(source);
    const stream = this.find(source, opts);
    if (stream.last?.source === source) {
      this.lastWork = 0;
      return stream.last.out;
    }
    if (source.length - stream.done.length > maxWork) return undefined;
    try {
      this.lastWork = advance(stream, source, opts);
      const open = source.slice(stream.done.length);
      this.lastWork += open.length;
      const out = join(stream, blockLines(lex(open), opts), opts.color);
      stream.last = { source, out };
      return out;
    } catch {
      // renderMarkdown decides what a failure shows; the stream keeps only finished blocks.
      return renderMarkdown(source, opts);
    }
  }

  /** The stream whose finished text `source` extends the furthest, or a new one. */
  private find(source: string, opts: RenderOptions): Stream {
    let best: Stream | undefined;
    for (const s of this.streams) {
      if (s.width !== opts.width || s.color !== opts.color) continue;
      if (source.startsWith(s.done) && (!best || s.done.length > best.done.length)) best = s;
    }
    if (!best) best = { width: opts.width, color: opts.color, done: "", seen: "", text: { joined: "", any: false, content: false, trailing: 0 }, close: undefined, retry: 0, last: undefined };
    this.streams = [best, ...this.streams.filter((s) => s !== best)].slice(0, this.size);
    if (!source.startsWith(best.seen)) {
      // What was learnt past the finished blocks was about another text.
      best.seen = best.done;
      best.close = undefined;
      best.retry = 0;
    }
    return best;
  }
}

/** Move every block of `source` that is finished into the stream's rows; returns the characters lexed. */
function advance(stream: Stream, source: string, opts: RenderOptions): number {
  let work = 0;
  // `seen` ends just before the newline that ends the last line looked at.
  let from = Math.max(stream.done.length, stream.seen.length);
  for (;;) {
    if (stream.close) {
      stream.close.lastIndex = from;
      const closed = stream.close.exec(source);
      if (!closed) {
        // Still inside the fence: no line before its closing one can start a boundary.
        const last = source.lastIndexOf("\n");
        if (last > from) stream.seen = source.slice(0, last);
        return work;
      }
      stream.close = undefined;
      from = closed.index + closed[0].length - 1;
      stream.seen = source.slice(0, from);
    }
    work += scan(stream, source, from, opts);
    if (!stream.close) return work;
    from = stream.seen.length;
  }
}

/** Look for boundaries from `from`, until the text ends or a fence must be waited out. */
function scan(stream: Stream, source: string, from: number, opts: RenderOptions): number {
  let work = 0;
  BLANK_RUN.lastIndex = from;
  for (let m = BLANK_RUN.exec(source); m; m = BLANK_RUN.exec(source)) {
    const start = m.index + m[0].length;
    const newline = source.indexOf("\n", start);
    const end = newline === -1 ? source.length : newline;
    const line = source.slice(start, end);
    if (newline === -1 && !STARTED.test(line)) return work;
    if (newline !== -1) stream.seen = source.slice(0, end);
    if (CONTINUES.test(line) || start < stream.retry) continue;
    const base = stream.done.length;
    const tokens = lex(source.slice(base, end + 1));
    work += end + 1 - base;
    const cut = split(tokens, start - base);
    if (typeof cut !== "number") {
      // A block open across the blank line: not a boundary. Each try lexes the whole open block,
      // so trying at every blank line of a long one would cost its square: a fence is waited
      // out to its closing line, anything else is tried again only once it has doubled.
      const fence = cut.type === "code" ? FENCE.exec(cut.raw) : null;
      if (fence && newline !== -1) {
        stream.close = new RegExp(`^ {0,3}${fence[1]}[~\`]* *\n`, "gm");
        return work;
      }
      stream.retry = end + (end - base);
      continue;
    }
    append(stream.text, blockLines(tokens.slice(0, cut), opts), opts.color);
    stream.done = source.slice(0, start);
  }
  return work;
}

/**
 * How many tokens make up exactly the first `length` characters; or, when no token ends
 * there, the token that runs across it.
 */
function split(tokens: readonly Token[], length: number): number | Token {
  let at = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (at === length) return i;
    at += tokens[i]!.raw.length;
    if (at > length) return tokens[i]!;
  }
  return tokens.length;
}

/**
 * Rows joined by newlines and trimmed of blank rows at both ends, kept as they are appended so
 * that a frame never joins the finished rows again.
 */
interface Rows {
  /** The rows from the first non-blank one to the last non-blank one, joined. */
  joined: string;
  /** Whether there is any row at all, blank or not (blocks() puts a blank row before the next). */
  any: boolean;
  /** Whether any row is not blank. */
  content: boolean;
  /** Blank rows after the last non-blank one: kept only if a non-blank row follows. */
  trailing: number;
}

function push(rows: Rows, row: string, blank: boolean): void {
  rows.any = true;
  if (blank) {
    if (rows.content) rows.trailing++;
    return;
  }
  rows.joined = rows.content ? `${rows.joined}${"\n".repeat(rows.trailing + 1)}${row}` : row;
  rows.content = true;
  rows.trailing = 0;
}

/** Add a block's lines as blocks() would: one blank row between them and any rows before. */
function append(rows: Rows, lines: readonly Line[], color: boolean): void {
  if (lines.length === 0) return;
  if (rows.any) push(rows, "", true);
  for (const line of lines) push(rows, serializeLine(line, color), line.length === 0);
}

/** The finished rows, then the open block's, trimmed at both ends as renderMarkdown does. */
function join(stream: Stream, open: readonly Line[], color: boolean): string {
  const rows: Rows = { ...stream.text };
  append(rows, open, color);
  return rows.joined;
}
