import type { AppState, DebugEntry } from "../../store/state.js";
import { approvalCardHeight, cardBodyLines, CARD_MIN_BODY_LINES, type ApprovalCardProps } from "../components/ApprovalCardView.js";
import { askQuestionRows, askUserCardHeight, type AskUserCardProps } from "../components/AskUserCard.js";
import { DEBUG_ROWS, debugViewHeight } from "../components/DebugView.js";
import { draftMaxRows } from "../components/draftWindow.js";
import { HELP_ALL_ROWS, helpOverlayMaxHeight } from "../components/HelpOverlay.js";
import { inputLineHeight, type InputLineProps } from "../components/InputLine.js";
import { queuePanelHeight, type QueuePanelProps } from "../components/QueuePanel.js";
import { quitLinesHeight, type QuitLinesProps } from "../components/QuitLines.js";
import { rejectedCardHeight, type RejectedCardProps } from "../components/RejectedCardView.js";
import { runtimeTabsHeight } from "../components/RuntimeTabs.js";
import { SERVER_LOG_ROWS, serverLogViewHeight } from "../components/ServerLogView.js";
import { statusLineHeight } from "../components/StatusLine.js";
import { pickerHeight, type PickerViewProps } from "../pickers/Picker.js";
import { rowCount } from "../transcriptRows.js";
import { layout, type ViewRequest } from "./layout.js";

// The live region under the transcript, view by view: each says what it needs through the
// height function next to its render, `layout` hands out the terminal's rows, and the views
// that can shrink (a card folds its body, help pages, the logs show their tail, a long draft
// scrolls) are told how far. The transcript's live tail gets what is left.

/** What is on screen below the transcript, as the App is about to draw it. */
export interface LiveViews {
  rows: number;
  columns: number;
  state: AppState;
  input: Omit<InputLineProps, "width" | "maxRows">;
  queue: QueuePanelProps;
  quit: QuitLinesProps;
  card?: Omit<ApprovalCardProps, "width" | "bodyLines"> | undefined;
  asked?: Omit<AskUserCardProps, "width" | "questionRows"> | undefined;
  rejected?: RejectedCardProps | undefined;
  /** The conversation picker, or the line saying it is loading. */
  picker?: Omit<PickerViewProps, "query" | "selected"> | "loading" | undefined;
  debug?: DebugEntry[] | undefined;
  serverLog?: string[] | undefined;
  help?: { page: number } | undefined;
}

/** What each view was given, in the terms it is drawn with. */
export interface LiveLayout {
  /** Rows of the transcript's live tail. */
  transcript: number;
  /** Rows the draft may take before it scrolls. */
  inputMaxRows: number;
  cardBodyLines: number;
  askQuestionRows: number;
  debugRows: number;
  serverLogRows: number;
  /** Rows of keys per column in the help overlay. */
  helpRows: number;
  /** Rows each view was given, by name (for tests and the curious). */
  given: Record<string, number>;
  /**
   * Every view fits in what it was given. False only when the terminal is too small for the
   * views' minimums (or for a card the person expanded): then the region may be taller than it.
   */
  fits: boolean;
}

export const PICKER_LOADING = "loading conversations…";

/** Heights already measured, while the inputs of a view stay the same: views laid out by Ink cost a render each. */
export interface LayoutCache {
  rows(view: string, deps: readonly unknown[], n: number, measure: () => number): number;
}

export function layoutCache(): LayoutCache {
  const views = new Map<string, { deps: readonly unknown[]; byN: Map<number, number> }>();
  return {
    rows(view, deps, n, measure) {
      let entry = views.get(view);
      const same = entry && entry.deps.length === deps.length && entry.deps.every((d, i) => Object.is(d, deps[i]));
      if (!entry || !same) views.set(view, (entry = { deps, byN: new Map() }));
      let rows = entry.byN.get(n);
      if (rows === undefined) entry.byN.set(n, (rows = measure()));
      return rows;
    },
  };
}

/** A view that shrinks by a knob (lines of a body, rows of a log): its height at each setting. */
interface Foldable {
  key: string;
  priority: number;
  /** The setting it would like, and the least it can do with. */
  want: number;
  least: number;
  height(n: number): number;
  fill?: boolean;
}

/** The largest setting in [least, want] whose height fits `rows` (heights grow with the setting), else `least`. */
function fold(f: Foldable, rows: number): number {
  if (f.height(f.want) <= rows) return f.want;
  let lo = f.least;
  let hi = f.want - 1;
  let best = f.least;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (f.height(mid) <= rows) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

export function liveLayout(v: LiveViews, cache: LayoutCache = layoutCache()): LiveLayout {
  const width = v.columns;
  const fixed: ViewRequest[] = [];
  const foldables: Foldable[] = [];
  const add = (key: string, priority: number, rows: number) => rows > 0 && fixed.push({ key, want: rows, priority });

  add("status", 100, statusLineHeight());
  add("quit", 98, quitLinesHeight(width, v.quit));
  add("tabs", 95, runtimeTabsHeight(v.state));
  const input = v.input;
  foldables.push({
    key: "input",
    priority: 90,
    want: draftMaxRows(v.rows),
    least: 3,
    height: (maxRows) => cache.rows("input", [input.field.value, input.field.cursor, input.focus, input.hint, width], maxRows, () => inputLineHeight(width, { ...input, width, maxRows })),
  });
  const card = v.card;
  if (card) {
    const deps = [card.card, card.step, card.options.map((o) => o.label).join("\n"), card.expanded, card.cwd, card.position?.index, card.position?.total, card.summary, card.field.value, card.field.cursor, card.note, width];
    const want = card.expanded ? Number.MAX_SAFE_INTEGER : cardBodyLines(v.rows);
    foldables.push({
      key: "card",
      priority: 80,
      want,
      // Expanded, it was asked to show everything: it does not fold back behind the person's back.
      least: card.expanded ? want : Math.min(want, CARD_MIN_BODY_LINES),
      height: (bodyLines) => cache.rows("card", deps, bodyLines, () => approvalCardHeight(width, { ...card, width, bodyLines })),
    });
  }
  const asked = v.asked;
  if (asked) {
    const deps = [asked.question, asked.field.value, asked.field.cursor, asked.focus, width];
    foldables.push({
      key: "asked",
      priority: 80,
      want: askQuestionRows(v.rows),
      least: 1,
      height: (questionRows) => cache.rows("asked", deps, questionRows, () => askUserCardHeight(width, { ...asked, width, questionRows })),
    });
  }
  if (v.rejected) {
    const r = v.rejected;
    add("rejected", 70, cache.rows("rejected", [r.card, r.error, width], 0, () => rejectedCardHeight(width, r)));
  }
  const picker = v.picker;
  if (picker === "loading") add("picker", 75, rowCount(PICKER_LOADING, width));
  else if (picker) {
    // The picker keeps its filter to itself: counted as if one is typed (one row more, or the
    // "nothing matches" line instead of rows), whichever is taller.
    const props = { ...picker, selected: 0 };
    const rows = cache.rows("picker", [picker.items, picker.title, picker.emptyText, width], 0, () =>
      Math.max(pickerHeight(width, { ...props, query: "" }) + 1, pickerHeight(width, { ...props, query: "\u0000" })),
    );
    add("picker", 75, rows);
  }
  add("queue", 60, queuePanelHeight(width, v.queue));
  // Help is modal: it hides the debug and server logs and takes the rows the rest leaves.
  // A log shows its tail: from its usual number of lines down to one.
  const logTail = <T>(key: string, list: readonly T[] | undefined, want: number, height: (rows: number) => number) => {
    if (list) foldables.push({ key, priority: 20, want, least: 1, height: (rows) => cache.rows(key, [list.length, list.at(-1), width], rows, () => height(rows)) });
  };
  const debug = v.help ? undefined : v.debug;
  logTail("debug", debug, DEBUG_ROWS, (rows) => debugViewHeight(width, { entries: debug ?? [], rows }));
  const log = v.help ? undefined : v.serverLog;
  logTail("serverLog", log, SERVER_LOG_ROWS, (rows) => serverLogViewHeight(width, { lines: log ?? [], rows }));
  const help = v.help;
  if (help) {
    foldables.push({
      key: "help",
      priority: 10,
      fill: true,
      want: HELP_ALL_ROWS,
      least: 3,
      // Measured on its tallest page: the rows per page must not change as the pages turn.
      height: (height) => cache.rows("help", [width], height, () => helpOverlayMaxHeight(width, height)),
    });
  }
  const requests = [
    ...fixed,
    ...foldables.map((f): ViewRequest => ({ key: f.key, priority: f.priority, want: f.height(f.want), min: f.height(f.least), fill: f.fill ?? false })),
  ];
  const { views, tail } = layout(v.rows, requests);
  const settings = new Map(foldables.map((f) => [f.key, fold(f, views[f.key] ?? 0)]));
  const setting = (key: string, otherwise: number) => settings.get(key) ?? otherwise;
  const fits = fixed.every((r) => (views[r.key] ?? 0) >= r.want) && foldables.every((f) => f.height(settings.get(f.key)!) <= (views[f.key] ?? 0));
  return {
    transcript: tail,
    inputMaxRows: setting("input", draftMaxRows(v.rows)),
    cardBodyLines: setting("card", cardBodyLines(v.rows)),
    askQuestionRows: setting("asked", askQuestionRows(v.rows)),
    debugRows: setting("debug", DEBUG_ROWS),
    serverLogRows: setting("serverLog", SERVER_LOG_ROWS),
    helpRows: setting("help", 3),
    given: views,
    fits,
  };
}
