import type { SubagentSnapshot } from "../protocol/status.js";
import type { TranscriptItem } from "../store/state.js";
import { renderLiveRichText, renderRichText } from "./richText.js";
import { head, LIVE_CHARS, moreNote, PRINT_CHARS, tail } from "./displayCut.js";
import { memoryDiffLines, memoryHeadline } from "./memoryChangeText.js";
import { sanitize, sanitizeLine } from "./sanitize.js";
import { type Fitted, headRows, rowCount, tailRows } from "./transcriptRows.js";

// How each transcript item is laid out, as text already cut to a row budget. The item view
// draws exactly this, and the transcript view adds up the rows to keep the live region on screen.

/** Tool output shown when not expanded (Ctrl+O shows all of it). */
export const COLLAPSED_OUTPUT_LINES = 4;

/** A command's block shown when not expanded: its first lines (Ctrl+O shows all of it). */
export const COLLAPSED_COMMAND_LINES = 12;

/** Columns a memory change's marker ("◆ ") takes. */
export const MEMORY_INDENT = 2;

/** Columns the tool output marker ("└ ") and its indent take. */
export const OUTPUT_INDENT = 4;

export interface FitOptions {
  width: number;
  verbose: boolean;
  /** Rows the whole item may take, its top margin included; Infinity once printed for good. */
  maxRows: number;
  subagents?: readonly SubagentSnapshot[] | undefined;
  subagentActivity?: Record<string, string> | undefined;
}

/** An item's body cut to fit, and the rows the whole item takes. */
export interface ItemLayout {
  body: string;
  rows: number;
}

export function collapsedReasoning(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim()).length;
  return `∴ thinking${lines > 1 ? ` (${lines} lines)` : ""} · Ctrl+O to expand`;
}

export function userMarker(item: Extract<TranscriptItem, { kind: "user" }>): string {
  if (item.elsewhere) return item.done ? " (from another client)" : "(a message from another client: reading it…)";
  return item.state === "failed" ? ` (not sent: ${sanitizeLine(item.error ?? "")})` : !item.done ? ` (${item.state})` : "";
}

/** Rows of a subagent block: one per subagent, plus its error and its activity line. */
export function subagentRows(subagents: readonly SubagentSnapshot[] | undefined, activity: Record<string, string> = {}): number {
  return (subagents ?? []).reduce((n, s) => n + 1 + (s.error ? 1 : 0) + (activity[s.subagent_id] && s.status === "running" ? 1 : 0), 0);
}

const with_ = (f: Fitted, extra: number): ItemLayout => ({ body: f.text, rows: f.rows + extra });

/** For good, into the scrollback: the start of `text` drawn by `draw`, then a note of the rest. */
function printed(text: string, draw: (text: string) => string, width: number, notKept = 0): Fitted {
  const cut = head(text, PRINT_CHARS);
  const body = draw(cut.text);
  const omitted = cut.omitted + notKept;
  return tailRows(omitted ? `${body}\n${moreNote(omitted)}` : body, Infinity, width);
}

/** A live text's end, and the note of what the store did not keep (ITEM_TEXT_LIMIT). */
function live(body: string, notKept = 0): string {
  return notKept ? `${body}\n${moreNote(notKept)}` : body;
}

/** What a card closed unanswered says under its row: it was neither allowed nor denied. */
export const CLOSED_UNANSWERED_NOTE = "closed without an answer: the server dropped this request (not denied)";

/** The text under a tool row: its output, or for a card closed unanswered, that note. */
export function toolOutputShown(item: Extract<TranscriptItem, { kind: "tool" }>): string | undefined {
  return item.output || (item.status === "closed" ? CLOSED_UNANSWERED_NOTE : undefined);
}

/** Lay out one item within `maxRows`; `rows` may exceed it when not even the item's head fits. */
export function layoutItem(item: TranscriptItem, o: FitOptions): ItemLayout {
  if (!item.interrupted) return layoutBody(item, o);
  // The "interrupted" mark takes a row of its own under the item.
  const body = layoutBody(item, { ...o, maxRows: o.maxRows - 1 });
  return { ...body, rows: body.rows + 1 };
}

function layoutBody(item: TranscriptItem, o: FitOptions): ItemLayout {
  const { width, maxRows } = o;
  switch (item.kind) {
    case "user": {
      // Box: "› " then the text (wrapping in width - 2), top margin; the marker follows the text.
      const marker = userMarker(item);
      const markerRows = marker ? 1 : 0;
      const f = tailRows(sanitize(item.text), maxRows - 1 - markerRows, width - 2);
      return with_(f, 1 + (marker ? rowCount(f.text.split("\n").at(-1) + marker, width - 2) - 1 : 0));
    }
    case "assistant": {
      // Printed once: its start, with a note of the rest. Live: only its end is rendered.
      if (!Number.isFinite(maxRows)) return with_(printed(item.text, (t) => renderRichText(t, width), width, item.omitted), 1);
      return with_(tailRows(live(renderLiveRichText(item.text, width), item.omitted), maxRows - 1, width), 1);
    }
    case "reasoning":
      if (!o.verbose) return { body: collapsedReasoning(item.text), rows: rowCount(collapsedReasoning(item.text), width) };
      if (!Number.isFinite(maxRows)) return with_(printed(item.text, sanitize, width, item.omitted), 0);
      return with_(tailRows(live(sanitize(tail(item.text, LIVE_CHARS).text), item.omitted), maxRows, width), 0);
    case "tool": {
      // Top margin, the one-line head, the subagents, then the output with its marker.
      const head = 2 + subagentRows(o.subagents, o.subagentActivity);
      const shown = toolOutputShown(item);
      if (!shown) return { body: "", rows: head };
      // Output is read from its end (that is where a command says how it went), so a huge one
      // keeps its end, after a note of what was left out.
      const cut = tail(shown, Number.isFinite(maxRows) ? PRINT_CHARS : LIVE_CHARS);
      const output = (cut.omitted ? `${moreNote(cut.omitted)}\n` : "") + sanitize(cut.text).replace(/\n+$/, "");
      // Collapsed: four lines of output, and the "… N more lines" notice when it is cut.
      const cap = o.verbose ? Infinity : COLLAPSED_OUTPUT_LINES + 1;
      const room = Math.min(cap, maxRows - head);
      return with_(tailRows(output, room, width - OUTPUT_INDENT), head);
    }
    case "notice": {
      const f = tailRows(sanitizeLine(item.text), maxRows, width - 2);
      return with_(f, 0);
    }
    case "memory": {
      // Its line, and expanded, the diff under it from its start (marker "◆ " in front of both).
      const text = o.verbose ? [memoryHeadline(item), ...memoryDiffLines(item)].join("\n") : memoryHeadline(item);
      return with_(headRows(text, maxRows, width - MEMORY_INDENT), 0);
    }
    case "command": {
      // Top margin and the one-line title, then its lines from the start (where a result says
      // what happened), indented under the marker like tool output.
      const text = sanitize(head(item.text, PRINT_CHARS).text).replace(/\n+$/, "");
      if (!text) return { body: "", rows: 2 };
      const room = Math.min(o.verbose ? Infinity : COLLAPSED_COMMAND_LINES, maxRows - 2);
      return with_(headRows(text, room, width - OUTPUT_INDENT), 2);
    }
  }
}
