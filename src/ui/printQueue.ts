import { archivedFrom, archivedAt } from "../store/archive.js";
import type { Transcript, TranscriptItem } from "../store/state.js";
import type { ItemPart } from "./components/TranscriptItemView.js";
import { warmRichText } from "./richText.js";
import { layoutItem, type ItemLayout } from "./transcriptFit.js";

// What a transcript view prints into the scrollback, and when. Ink lays out and writes a
// <Static> entry in the commit that adds it, at about 2 µs per screen cell on this project's
// 2-core machine, and its cost per <Text> grows with the square of the text's length (it
// tokenizes the whole string at once): a 64 KB reply printed whole blocked for 9 s. So printing
// goes through a queue: each commit takes about PRINT_ROWS rows, a big item is laid out once
// and printed in parts of PART_ROWS rows,
// and the view asks for the next commit until the queue is empty, letting the event loop run
// in between. A new view (start, switch, resume) prints only the last MOUNT_TAIL_ITEMS items,
// (fewer if they are huge) under one line saying how many earlier ones it leaves out: printing
// 100 000 items took minutes.

/** Items a new view prints, newest last: a few screenfuls, whatever the transcript's length. */
export const MOUNT_TAIL_ITEMS = 100;
/** Characters of text a new view prints at most (it prints at least the newest item). */
export const MOUNT_TAIL_CHARS = 256 * 1024;
/** Rows printed per commit, about: 100 rows of 120 columns took Ink ~25 ms (bench/huge-reply.mjs). */
export const PRINT_ROWS = 100;
/** Rows in one part of a big item: one <Text>, short enough that Ink's cost for it stays small. */
export const PART_ROWS = 50;
/** An item this long or shorter is printed whole, laid out by its view. */
export const WHOLE_CHARS = 4 * 1024;
/**
 * Markdown of a big reply rendered ahead per commit, before the commit that lays it out: a reply
 * that arrived at once (not streamed, so not rendered block by block on live frames) cost that
 * commit its whole markdown, 50–100 ms for the 64 KB printed (bench/huge-reply.mjs).
 */
export const WARM_CHARS = 8 * 1024;

/** One <Static> entry. */
export type PrintEntry =
  | { key: string; item: TranscriptItem; updated?: boolean; part?: undefined }
  | { key: string; item: TranscriptItem; updated?: boolean; part: ItemPart; layout: ItemLayout }
  | { key: string; skipped: number };

interface Source {
  key: string;
  item: TranscriptItem;
  updated?: boolean;
}

export interface PrintOptions {
  width: number;
  verbose: boolean;
}

/** The text that makes an item long, if any. */
function bulk(item: TranscriptItem): string {
  return item.kind === "tool" ? (item.output ?? "") : item.kind === "memory" ? item.diff : item.text;
}

/** Rows an item takes at `width`, about (counting, not wrapping): its margin and head, its text. */
function rowsAbout(text: string, width: number): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return 3 + lines + Math.floor(text.length / Math.max(1, width));
}

/** "… 99,900 earlier items not printed here (the server keeps them)". */
export function skippedNote(count: number): string {
  return `… ${count.toLocaleString("en-US")} earlier item${count === 1 ? "" : "s"} not printed here (the server keeps them)`;
}

/** The print queue of one view of one runtime's transcript. */
export class PrintQueue {
  private pending: Source[] = [];
  private open: { src: Source; rows: string[]; at: number } | undefined;
  /** The big item the last commit stopped before: the next one lays it out. */
  private deferred: Source | undefined;
  /** Where the deferred item's markdown rendered ahead stops; undefined once warm (WARM_CHARS). */
  private warmed: number | undefined = 0;
  /** Archived items seen, and corrections seen (Transcript.revisedCount). */
  private archived: number;
  private revised: number;
  /** The first archive index this view printed: corrections of older items are not reprinted. */
  private from: number;
  private readonly first: PrintEntry[] = [];

  constructor(t: Transcript | undefined) {
    this.archived = t?.archived ?? 0;
    // A new view prints the archive as it is now, corrections included.
    this.revised = t?.revisedCount ?? 0;
    this.from = Math.max(0, this.archived - MOUNT_TAIL_ITEMS);
    const tail = t ? archivedFrom(t, this.from) : [];
    // A few huge items would take long to print, if never long at once: fewer of them then.
    let chars = 0;
    let start = tail.length;
    while (start > 0 && chars + bulk(tail[start - 1]!).length <= MOUNT_TAIL_CHARS) chars += bulk(tail[--start]!).length;
    if (start === tail.length && start > 0) start--;
    this.from += start;
    if (this.from > 0) this.first.push({ key: "skipped", skipped: this.from });
    this.pending = tail.slice(start).map((item) => ({ key: item.key, item }));
  }

  /**
   * Queue what `t` archived or corrected since the last call. The scrollback cannot be
   * rewritten: an archived item the server's history corrected after a gap (Transcript.revised)
   * is printed again, marked, unless this view has not printed it yet (then its corrected
   * version is all that prints) or never will (it is older than what this view printed).
   */
  update(t: Transcript | undefined): void {
    if (!t || (t.archived <= this.archived && (t.revisedCount ?? 0) <= this.revised)) return;
    const fresh = t.archived > this.archived ? archivedFrom(t, this.archived) : [];
    const waiting = new Set([...fresh, ...this.pending.map((s) => s.item)].map((it) => it.key));
    const count = (t.revisedCount ?? 0) - this.revised;
    const revised = count > 0 ? (t.revised ?? []).slice(-count) : [];
    revised.forEach((item, i) => {
      const at = archivedAt(t, item.key);
      if (at !== undefined && at < this.from) return;
      const reprint = { key: `${item.key}#${this.revised + i + 1}`, item, updated: true };
      if (!waiting.has(item.key)) this.pending.push(reprint);
      else this.pending = this.pending.map((s) => (s.key === item.key ? { key: s.key, item } : s));
    });
    this.pending.push(...fresh.map((item) => ({ key: item.key, item })));
    this.archived = t.archived;
    this.revised = t.revisedCount ?? 0;
  }

  get empty(): boolean {
    return this.pending.length === 0 && this.open === undefined && this.first.length === 0;
  }

  /** The entries for the next commit: about PRINT_ROWS rows of them. */
  take(o: PrintOptions): PrintEntry[] {
    const out = this.first.splice(0);
    let spent = 0;
    while (spent < PRINT_ROWS) {
      if (this.open) {
        const { src, rows, at } = this.open;
        const end = Math.min(rows.length, at + PART_ROWS);
        const body = rows.slice(at, end).join("\n");
        const part = { first: at === 0, last: end === rows.length };
        out.push({ key: `${src.key}@${at}`, item: src.item, updated: src.updated, part, layout: { body, rows: end - at } });
        spent += end - at;
        this.open = part.last ? undefined : { src, rows, at: end };
        continue;
      }
      const src = this.pending.shift();
      if (!src) break;
      const text = bulk(src.item);
      if (text.length <= WHOLE_CHARS) {
        out.push(src);
        spent += rowsAbout(text, o.width);
        continue;
      }
      // Laying out a big item is a commit's work in itself, and not one of a commit the store
      // asked for (it draws the whole screen): it waits for the next, the view's own, and its
      // parts follow in the ones after.
      if (spent > 0 || this.deferred !== src) {
        if (this.deferred !== src) this.warmed = 0;
        this.deferred = src;
        this.pending.unshift(src);
        break;
      }
      if (src.item.kind === "assistant" && this.warmed !== undefined) {
        // A commit of its own for each step: the event loop runs between them.
        this.warmed = warmRichText(src.item.text, o.width, this.warmed, WARM_CHARS);
        this.pending.unshift(src);
        break;
      }
      this.deferred = undefined;
      const { body } = layoutItem(src.item, { width: o.width, verbose: o.verbose, maxRows: Infinity });
      this.open = { src, rows: body.split("\n"), at: 0 };
      spent = PRINT_ROWS;
    }
    return out;
  }
}
