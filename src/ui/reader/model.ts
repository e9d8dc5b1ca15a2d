import type { AgentConversation } from "../commands/scope.js";
import { heldByStore, pageLines } from "./lines.js";
import { rowOf, rowStarts } from "./wrap.js";

// The reader's pure model: the conversation as lines (reader/lines.ts), where the screen's top
// row is, the search and its matches, and the older pages being loaded. Nothing here grows with
// the conversation per key: scrolling wraps only the lines it passes, drawing only the rows on
// screen, and a search that narrows (a letter typed) looks again only at the lines that matched.
// What does cost the whole conversation happens once per page that arrives (its lines are made
// again, the matches found again), never per key or per frame.

export interface Match {
  readonly line: number;
  /** String indices in the line as shown: the highlight lands on the characters drawn. */
  readonly start: number;
  readonly end: number;
}

export interface Position {
  readonly line: number;
  readonly row: number;
}

/**
 * What a page being loaded is for: one more page above what is on screen (↑ reached the top),
 * the start (Home: the view stays at the top, on the oldest loaded), any match, a match older
 * than the first.
 */
export type Want = "page" | "start" | "match" | "older-match";

export interface ReaderState {
  readonly on: AgentConversation;
  /** [banner, …older pages' lines, …the store's lines]; the banner (line 0) says what lies above. */
  readonly lines: readonly string[];
  readonly store: readonly string[];
  /** The store's item keys: a page message the store holds is left out. */
  readonly held: ReadonlySet<string>;
  /** Messages of the older pages the store does not hold, as the server sent them. */
  readonly older: readonly unknown[];
  /** `before` for the next page (undefined: the newest page, if none was read yet). */
  readonly cursor?: string | undefined;
  /** The first message was read: nothing older to load. */
  readonly done: boolean;
  readonly loading?: { readonly tag: string; readonly want: Want } | undefined;
  /** Tags of page requests, so an answer to one cancelled (Esc) is told apart. */
  readonly asked: number;
  readonly error?: string | undefined;
  /** The top row on screen; undefined: the last line at the bottom (as opened, and after End). */
  readonly top?: Position | undefined;
  readonly search: Search;
  /** The text area's size as the last key found it (a paste, which sees no world, places its match by it). */
  readonly seen?: Geometry | undefined;
  /** The alternate screen: being switched to, shown, being left (App.tsx switches it). */
  readonly screen: "entering" | "on" | "leaving";
}

export interface Search {
  readonly query: string;
  /** The search line has the keys (after `/`); Enter keeps the search and gives them back. */
  readonly editing: boolean;
  readonly matches: readonly Match[];
  /** Index in matches of the one shown, -1 for none. */
  readonly current: number;
  /** The matches of the shorter queries typed on the way here: a letter taken back finds them again without a scan. */
  readonly typed?: readonly { readonly query: string; readonly matches: readonly Match[] }[];
}

/** Rows the reader's text gets and their width: the screen less the status and search rows. */
export interface Geometry {
  readonly width: number;
  readonly height: number;
}

const NO_SEARCH: Search = { query: "", editing: false, matches: [], current: -1 };

export function banner(s: Pick<ReaderState, "done" | "loading" | "error">): string {
  if (s.done) return "── the start of the conversation ──";
  if (s.loading) return "loading older messages… (Esc stops)";
  if (s.error) return `could not load older messages: ${s.error} (↑ tries again)`;
  return "── older messages are on the server: ↑ here, or a search, loads them ──";
}

/** Lines of the whole: the banner, the older part, a blank between, the store's part. */
function assemble(s: Omit<ReaderState, "lines">, olderLines: readonly string[]): string[] {
  const gap = olderLines.length && s.store.length ? [""] : [];
  return [banner(s), ...olderLines, ...gap, ...s.store];
}

export function openReader(on: AgentConversation, store: readonly string[], held: ReadonlySet<string>): ReaderState {
  const base = { on, store, held, older: [], done: false, asked: 0, search: NO_SEARCH, screen: "entering" as const };
  return { ...base, lines: assemble(base, []) };
}

const withBanner = (s: ReaderState): ReaderState => ({ ...s, lines: [banner(s), ...s.lines.slice(1)] });

// ---------------------------------------------------------------- geometry

const rowsOf = (s: ReaderState, line: number, width: number) => rowStarts(s.lines[line] ?? "", width).length;
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.row < b.row);

/** `n` rows down (up when negative) from `p`, stopping at the first and last rows. */
function moved(s: ReaderState, width: number, p: Position, n: number): Position {
  let { line, row } = p;
  for (; n > 0; n--) {
    if (row + 1 < rowsOf(s, line, width)) row++;
    else if (line + 1 < s.lines.length) (line++, (row = 0));
    else break;
  }
  for (; n < 0; n++) {
    if (row > 0) row--;
    else if (line > 0) (line--, (row = rowsOf(s, line, width) - 1));
    else break;
  }
  return { line, row };
}

/** The top row that shows the last row at the bottom (the first row when all fits). */
function endTop(s: ReaderState, g: Geometry): Position {
  const last = s.lines.length - 1;
  return moved(s, g.width, { line: last, row: rowsOf(s, last, g.width) - 1 }, -(g.height - 1));
}

/** The top row on screen now. */
export function topOf(s: ReaderState, g: Geometry): Position {
  const end = endTop(s, g);
  return !s.top || before(end, s.top) ? end : s.top;
}

/** At `p`, or the end when `p` is at or past it (so a resize or End keeps the end in view). */
function placed(s: ReaderState, g: Geometry, p: Position): ReaderState {
  const end = endTop(s, g);
  return { ...s, top: before(p, end) ? p : undefined };
}

export const atTop = (s: ReaderState, g: Geometry): boolean => {
  const t = topOf(s, g);
  return t.line === 0 && t.row === 0;
};

/** One row of the screen: a slice of a line. */
export interface ScreenRow {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/** The rows on screen, top to bottom: only these lines are wrapped. */
export function visibleRows(s: ReaderState, g: Geometry): ScreenRow[] {
  const out: ScreenRow[] = [];
  let { line, row } = topOf(s, g);
  while (out.length < g.height && line < s.lines.length) {
    const text = s.lines[line]!;
    const starts = rowStarts(text, g.width);
    for (; row < starts.length && out.length < g.height; row++) out.push({ line, start: starts[row]!, end: starts[row + 1] ?? text.length });
    line++;
    row = 0;
  }
  return out;
}

/** Matches in `line`, from the sorted list (binary search for the first). */
export function matchesIn(matches: readonly Match[], line: number): { index: number; match: Match }[] {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid]!.line < line) lo = mid + 1;
    else hi = mid;
  }
  const out: { index: number; match: Match }[] = [];
  for (let i = lo; i < matches.length && matches[i]!.line === line; i++) out.push({ index: i, match: matches[i]! });
  return out;
}

// ---------------------------------------------------------------- scrolling

/** What a step of the model asks for besides its next state: a page (its `before` and tag). */
export interface ReaderStep {
  state: ReaderState;
  load?: { before: string | undefined; tag: string };
}

const still = (state: ReaderState): ReaderStep => ({ state });

export function scroll(s: ReaderState, g: Geometry, rows: number): ReaderStep {
  const next = placed(s, g, moved(s, g.width, topOf(s, g), rows));
  // Going up onto the banner is reaching the top: the page before it is asked for.
  return rows < 0 && atTop(next, g) ? loadMore(next, "page") : still(next);
}

export const toStart = (s: ReaderState, g: Geometry): ReaderStep => loadMore(placed(s, g, { line: 0, row: 0 }), "start");
export const toEnd = (s: ReaderState): ReaderStep => still({ ...s, top: undefined });

/** Ask for the next older page, unless one is out or the start was read. */
export function loadMore(s: ReaderState, want: Want): ReaderStep {
  if (s.done) return still(s);
  // A page already out serves a search too; a search's is not turned back into a single page.
  if (s.loading) return still({ ...s, loading: { ...s.loading, want: s.loading.want === "page" || s.loading.want === "start" ? want : s.loading.want } });
  const tag = String(s.asked + 1);
  return { state: withBanner({ ...s, asked: s.asked + 1, loading: { tag, want }, error: undefined }), load: { before: s.cursor, tag } };
}

/** Esc while a page loads: its answer is dropped when it comes. */
export const stopLoading = (s: ReaderState): ReaderState => withBanner({ ...s, loading: undefined });

// ---------------------------------------------------------------- search

/** Shorter queries whose matches are kept for Backspace. */
const TYPED_KEPT = 64;

const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every match of `query` in `lines` (case folded, on the text as shown), the banner left out. */
function findIn(lines: readonly string[], query: string, only?: Iterable<number>): Match[] {
  if (!query) return [];
  const re = new RegExp(escapeRegExp(query), "giu");
  const out: Match[] = [];
  const scan = (line: number) => {
    const text = lines[line] ?? "";
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push({ line, start: m.index, end: m.index + m[0].length });
      if (m[0].length === 0) re.lastIndex++;
    }
  };
  if (only) for (const line of only) scan(line);
  else for (let line = 1; line < lines.length; line++) scan(line);
  return out;
}

/** Show match `i`: the view moves only when its row is off screen, then puts it a third of the way down. */
function reveal(s: ReaderState, g: Geometry, i: number): ReaderState {
  const m = s.search.matches[i];
  if (!m) return s;
  const searched = { ...s, search: { ...s.search, current: i } };
  const row = rowOf(rowStarts(s.lines[m.line] ?? "", g.width), m.start);
  const shown = visibleRows(searched, g);
  if (shown.some((r) => r.line === m.line && r.start <= m.start && (m.start < r.end || (r.start === r.end && m.start === r.start)))) return searched;
  // A match at the very end of a line shows on its last row.
  return placed(searched, g, moved(s, g.width, { line: m.line, row }, -Math.floor(g.height / 3)));
}

/** The search line changed to `query`: matches narrow (or are found again), the nearest shown. */
export function setQuery(s: ReaderState, g: Geometry, query: string): ReaderStep {
  const prev = s.search;
  // A longer query can only match where the shorter one did: look again at those lines alone.
  // A shorter one typed before (Backspace) has its matches kept: nothing is scanned again.
  const narrowing = prev.query !== "" && query.startsWith(prev.query);
  const kept = (prev.typed ?? []).filter((t) => query.startsWith(t.query) && t.query !== query);
  const earlier = narrowing ? undefined : (prev.typed ?? []).find((t) => t.query === query);
  const matches = earlier?.matches ?? (narrowing ? findIn(s.lines, query, new Set(prev.matches.map((m) => m.line))) : findIn(s.lines, query));
  const typed = narrowing ? [...kept.slice(-(TYPED_KEPT - 1)), { query: prev.query, matches: prev.matches }] : kept;
  const next: ReaderState = { ...s, search: { ...prev, query, matches, current: -1, typed } };
  if (!matches.length) return query && !s.done ? loadMore(next, "match") : still(next);
  // The nearest above the screen's bottom: reading goes back in time, as the pages do.
  const bottom = s.top ? visibleRows(s, g).at(-1)?.line ?? s.lines.length : s.lines.length;
  let i = matches.length - 1;
  while (i > 0 && matches[i]!.line > bottom) i--;
  return still(reveal(next, g, i));
}

export const editSearch = (s: ReaderState, editing: boolean): ReaderState => ({ ...s, search: { ...s.search, editing } });
export const clearSearch = (s: ReaderState): ReaderState => ({ ...stopLoadingFor(s, "match"), search: NO_SEARCH });

function stopLoadingFor(s: ReaderState, want: Want): ReaderState {
  return s.loading?.want === want || (want === "match" && s.loading?.want === "older-match") ? stopLoading(s) : s;
}

/** n: the next match down (after the last, the first). */
export function nextMatch(s: ReaderState, g: Geometry): ReaderStep {
  const { matches, current, query } = s.search;
  if (!matches.length) return query && !s.done ? loadMore(s, "match") : still(s);
  return still(reveal(s, g, (current + 1) % matches.length));
}

/** N: the previous match up; before the first, older pages are searched, then it wraps to the last. */
export function previousMatch(s: ReaderState, g: Geometry): ReaderStep {
  const { matches, current, query } = s.search;
  if (!matches.length) return query && !s.done ? loadMore(s, "match") : still(s);
  if (current <= 0 && !s.done) return loadMore(s, "older-match");
  return still(reveal(s, g, (current - 1 + matches.length) % matches.length));
}

// ---------------------------------------------------------------- pages

/** A page arrived (or failed) for request `tag`: its messages join the older part, and what it was for goes on. */
export function pageArrived(s: ReaderState, g: Geometry, tag: string, page: { messages: readonly unknown[]; next: string | undefined } | { error: string }): ReaderStep {
  if (!s.loading || s.loading.tag !== tag) return still(s);
  const want = s.loading.want;
  if ("error" in page) return still(withBanner({ ...s, loading: undefined, error: page.error }));
  const fresh = page.messages.filter((m) => !heldByStore(m, s.held));
  const older = fresh.length ? [...s.older, ...fresh] : s.older;
  const base = { ...s, older, cursor: page.next, done: page.next === undefined, loading: undefined };
  const lines = assemble(base, pageLines(older));
  const added = lines.length - s.lines.length;
  // The banner has no place after: the top goes to just above the line that followed it.
  const shift = (p: Position): Position => (p.line === 0 ? { line: added, row: 0 } : { line: p.line + added, row: p.row });
  // What was on screen stays where it was: the new lines go above it (Home stays at the top).
  const top = want === "start" ? s.top : s.top ? shift(s.top) : s.top;
  const was = s.search.matches[s.search.current];
  const matches = findIn(lines, s.search.query);
  const current = was ? matches.findIndex((m) => m.line === was.line + added && m.start === was.start) : -1;
  // The kept matches of shorter queries are for the lines as they were: dropped.
  let next: ReaderState = { ...base, lines, top, search: { ...s.search, matches, current, typed: [] } };
  if (want === "match" && matches.length) return still(reveal(next, g, matches.length - 1));
  if (want === "older-match") {
    // The matches above the one that was first are the new ones: the nearest of them is shown.
    const firstBefore = s.search.matches[0] ? s.search.matches[0].line + added : lines.length;
    const earlier = matches.filter((m) => m.line < firstBefore).length;
    if (earlier) return still(reveal(next, g, earlier - 1));
  }
  // A page of messages the store holds already (the newest, which the attach loaded) showed
  // nothing new: the one before it is what going up was for.
  if ((want === "match" || want === "older-match" || fresh.length === 0) && !next.done) return loadMore(next, want);
  if (want === "older-match" && matches.length) next = reveal(next, g, matches.length - 1);
  return still(next);
}

/** "3/17", "no match for …", "searching older messages…": the search line's figure. */
export function searchFigure(s: ReaderState): string {
  const { query, matches, current } = s.search;
  if (!query) return "";
  if (s.loading && s.loading.want !== "page" && !matches.length) return "searching older messages… (Esc stops)";
  if (!matches.length) return s.done ? `no match for “${query}” in the whole conversation` : `no match for “${query}” in what is loaded`;
  return `${current + 1}/${matches.length}${s.done ? "" : "+"}`;
}
