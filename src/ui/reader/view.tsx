import { Box, Text, type Key } from "ink";
import type { ReactElement } from "react";
import { focusedApproval } from "../../store/approvals.js";
import { allItems } from "../../store/archive.js";
import type { ReplyResult } from "../commands/command.js";
import { conversationOnScreen } from "../commands/scope.js";
import { pageCommand, pageOf } from "../conversationPages.js";
import { actionFor, keyHints } from "../keymap.js";
import { sanitizeLine } from "../sanitize.js";
import type { Effect, UiState, ViewEntry, World } from "../state/uiState.js";
import type { ViewDef, ViewStep } from "../views/view.js";
import { heldKeys, storeLines } from "./lines.js";
import {
  clearSearch,
  editSearch,
  loadMore,
  matchesIn,
  nextMatch,
  openReader,
  pageArrived,
  previousMatch,
  scroll,
  searchFigure,
  setQuery,
  stopLoading,
  toEnd,
  toStart,
  topOf,
  visibleRows,
  type Geometry,
  type ReaderState,
  type ReaderStep,
} from "./model.js";

// The reader as a view on the stack: full screen (placement "screen": only Ctrl+C passes it),
// drawn by App.tsx on the terminal's alternate screen so that closing it gives back the main
// screen, scrollback and all, as it was. Its keys are a pure step of reader/model.ts; a page it
// needs goes out as a `request` effect and comes back to `reply`.

export const READER = "reader";

/** Rows that are not text: the search line and the status line. */
const CHROME_ROWS = 2;

export function geometry(world: World): Geometry {
  const rows = world.screen?.rows || 24;
  const columns = world.screen?.columns || 80;
  return { width: columns, height: Math.max(1, rows - CHROME_ROWS) };
}

/** The reader's entry after a model step, and the page request it asks for. */
function stepped(entry: ViewEntry, step: ReaderStep): ViewStep {
  const effects: Effect[] = step.load
    ? [{ kind: "request", command: pageCommand(step.state.on, step.load.before), expect: "conversation_messages_list_response", reply: { to: READER, tag: step.load.tag } }]
    : [];
  return { entry: { ...entry, reader: step.state }, effects };
}

const plainText = (input: string, key: Key) => input !== "" && !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !/[\u0000-\u001f\u007f]/.test(input);

function searchKey(entry: ViewEntry, s: ReaderState, g: Geometry, input: string, key: Key): ViewStep {
  const action = actionFor("reader-search", input, key);
  if (action === "option-pick") return stepped(entry, { state: editSearch(s, false) });
  if (action === "close") return stepped(entry, { state: editSearch(clearSearch(s), false) });
  if (key.backspace || key.delete) return stepped(entry, setQuery(s, g, [...s.search.query].slice(0, -1).join("")));
  if (key.upArrow || key.downArrow || key.pageUp || key.pageDown) return readingKey(entry, s, g, input, key);
  if (plainText(input, key)) return stepped(entry, setQuery(s, g, s.search.query + input.replace(/[\r\n]+/g, " ")));
  return { entry };
}

function readingKey(entry: ViewEntry, s: ReaderState, g: Geometry, input: string, key: Key): ViewStep {
  switch (actionFor("reader", input, key)) {
    case "scroll-up":
      return stepped(entry, scroll(s, g, -1));
    case "scroll-down":
      return stepped(entry, scroll(s, g, 1));
    case "page-prev":
      return stepped(entry, scroll(s, g, -Math.max(1, g.height - 1)));
    case "page-next":
      return stepped(entry, scroll(s, g, Math.max(1, g.height - 1)));
    case "close":
      // Esc while a page loads stops the loading; the next Esc closes.
      if (s.loading && key.escape) return stepped(entry, { state: stopLoading(s) });
      return stepped(entry, { state: { ...stopLoading(s), screen: "leaving" } });
    default:
      break;
  }
  if (key.ctrl || key.meta) return input === "f" && key.ctrl && !key.meta ? stepped(entry, setQuery(editSearch(s, true), g, "")) : { entry };
  if (key.home || input === "g") return stepped(entry, toStart(s, g));
  if (key.end || input === "G") return stepped(entry, toEnd(s));
  if (input === "k") return stepped(entry, scroll(s, g, -1));
  if (input === "j") return stepped(entry, scroll(s, g, 1));
  // Keys typed quickly can arrive as one chunk ("/word"): the search line opens with the rest.
  if (input.startsWith("/") && plainText(input, key)) return stepped(entry, setQuery(editSearch(s, true), g, input.slice(1).replace(/[\r\n]+/g, " ")));
  if (input === "n") return stepped(entry, nextMatch(s, g));
  if (input === "N") return stepped(entry, previousMatch(s, g));
  return { entry };
}

export const reader: ViewDef = {
  context: "reader",
  placement: "screen",
  available: (world) => conversationOnScreen(world) !== undefined,
  open(world: World, _ui: UiState, args?: string) {
    const on = conversationOnScreen(world)!;
    const rt = world.app.active ? world.app.runtimes[world.app.active] : undefined;
    const items = rt ? allItems(rt.transcript) : [];
    const opened = openReader(on, storeLines(items), heldKeys(items));
    const words = args?.trim();
    // `/search WORDS`: opened with the search kept, at the newest match (older pages load until one is found).
    const step = words ? setQuery(opened, geometry(world), words) : { state: opened };
    const { entry, effects } = stepped({ id: READER }, step);
    return { entry: entry!, effects };
  },
  key(entry, input, key, world) {
    // Keys while the screen switches are dropped: a frame or two, and Esc then would leave a screen not yet entered.
    if (!entry.reader || entry.reader.screen !== "on") return { entry };
    const g = geometry(world);
    // Kept for a paste, which does not see the world.
    const s = { ...entry.reader, seen: g };
    return s.search.editing ? searchKey(entry, s, g, input, key) : readingKey(entry, s, g, input, key);
  },
  paste(entry, text) {
    const s = entry.reader;
    if (!s?.search.editing) return entry;
    // A paste into the search line is words to find, on one line. A page it asks for waits for
    // the next key (a paste returns no effects); the screen's size is as the last key saw it.
    const step = setQuery(s, s.seen ?? { width: 80, height: 22 }, s.search.query + text.replace(/[\r\n]+/g, " "));
    return { ...entry, reader: step.load ? { ...step.state, loading: undefined } : step.state };
  },
  reply(entry, tag, result: ReplyResult, world) {
    const s = entry.reader;
    if (!s) return { entry };
    let page: Parameters<typeof pageArrived>[3];
    try {
      page = result.ok ? pageOf(result.frame, s.cursor) : { error: result.error };
    } catch (err) {
      page = { error: err instanceof Error ? err.message : String(err) };
    }
    return stepped(entry, pageArrived(s, geometry(world), tag, page));
  },
  View: ({ entry, height, width, world }) => {
    if (!entry.reader) return null;
    const rt = world.app.active ? world.app.runtimes[world.app.active] : undefined;
    // The session goes on behind the reader: a card waiting for an answer is said on its status line.
    const waiting = focusedApproval(rt) ? "an approval is waiting" : rt?.questions.length ? "a question is waiting" : undefined;
    return <ReaderScreen state={entry.reader} geometry={{ width, height: Math.max(1, height - CHROME_ROWS) }} waiting={waiting} />;
  },
};

/** The reader entry on the stack after the screen switched: shown, or gone. */
export function readerScreen(ui: UiState, on: boolean): UiState {
  const at = ui.views.findIndex((v) => v.id === READER);
  const entry = ui.views[at];
  if (!entry?.reader) return ui;
  if (!on) return { ...ui, views: ui.views.filter((_, i) => i !== at) };
  return { ...ui, views: ui.views.map((v, i) => (i === at ? { ...v, reader: { ...entry.reader!, screen: "on" as const } } : v)) };
}

/** One row: plain runs, matches in inverse, the current match in yellow. */
function RowText({ text, start, end, marks }: { text: string; start: number; end: number; marks: { from: number; to: number; current: boolean }[] }) {
  const parts: ReactElement[] = [];
  let at = start;
  marks.forEach((m, i) => {
    const from = Math.max(start, m.from);
    const to = Math.min(end, m.to);
    if (to <= from) return;
    if (from > at) parts.push(<Text key={`p${i}`}>{text.slice(at, from)}</Text>);
    parts.push(
      <Text key={`m${i}`} inverse color={m.current ? "yellow" : undefined}>
        {text.slice(from, to)}
      </Text>,
    );
    at = to;
  });
  if (at < end) parts.push(<Text key="rest">{text.slice(at, end)}</Text>);
  return <Text wrap="truncate-end">{parts.length ? parts : " "}</Text>;
}

export function ReaderScreen({ state: s, geometry: g, waiting }: { state: ReaderState; geometry: Geometry; waiting?: string | undefined }) {
  const rows = visibleRows(s, g);
  const top = topOf(s, g);
  const last = rows.at(-1)?.line ?? 0;
  const figure = searchFigure(s);
  const hints = keyHints(s.search.editing ? "reader-search" : "reader");
  return (
    <Box flexDirection="column" height={g.height + CHROME_ROWS}>
      <Box flexDirection="column" height={g.height}>
        {rows.map((r, i) => {
          const marks = matchesIn(s.search.matches, r.line).map(({ index, match }) => ({ from: match.start, to: match.end, current: index === s.search.current }));
          const text = s.lines[r.line] ?? "";
          return r.line === 0 ? (
            <Text key={i} color="gray" wrap="truncate-end">
              {text}
            </Text>
          ) : (
            <RowText key={i} text={text} start={r.start} end={r.end} marks={marks} />
          );
        })}
      </Box>
      <Text wrap="truncate-end">
        {s.search.editing || s.search.query ? (
          <>
            <Text color="cyan">/</Text>
            <Text>{sanitizeLine(s.search.query)}</Text>
            {s.search.editing ? <Text inverse> </Text> : null}
            <Text color={s.search.matches.length || !s.search.query ? "gray" : "red"}>{figure ? `  ${figure}` : ""}</Text>
          </>
        ) : (
          <Text color="gray">{s.loading ? "loading older messages… (Esc stops)" : " "}</Text>
        )}
      </Text>
      <Text color="gray" wrap="truncate-end">
        {waiting ? <Text color="yellow">{`⚠ ${waiting} (Esc to answer) · `}</Text> : null}
        {`reader · lines ${Math.max(1, top.line)}-${last} of ${s.lines.length - 1}${s.done ? "" : " (more on the server)"} · ${hints}`}
      </Text>
    </Box>
  );
}
