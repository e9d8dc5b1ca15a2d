import { Box, Static, Text, useWindowSize } from "ink";
import { useRef } from "react";
import { archivedFrom, liveItems } from "../../store/archive.js";
import type { RuntimeState, TranscriptItem } from "../../store/state.js";
import { fitLive } from "../transcriptBudget.js";
import { SubagentBlock } from "./SubagentBlock.js";
import { TranscriptItemView } from "./TranscriptItemView.js";

/**
 * Finished items go to <Static>: printed once into the scrollback and never re-rendered, so
 * frame cost stays flat however long the session gets. Only the unfinished tail is live, and
 * it is cut to `liveRows` screen rows in all, or Ink would redraw the whole screen per frame.
 */
export interface TranscriptViewProps {
  runtime: RuntimeState | undefined;
  liveRows: number;
  verbose: boolean;
}

export function TranscriptView({ runtime, liveRows, verbose }: TranscriptViewProps) {
  const { columns } = useWindowSize();
  const printed = usePrinted(runtime);
  const live = runtime ? liveItems(runtime.transcript) : [];
  const { fitted, hidden, orphans } = fitLive(runtime, live, { width: columns, verbose, rows: liveRows });
  return (
    <>
      {/* A new <Static> per runtime: switching prints the other transcript from its start. */}
      <Static key={runtime?.key ?? "none"} items={printed}>
        {(p) => <TranscriptItemView key={p.key} item={p.item} updated={p.updated} verbose={verbose} width={columns} />}
      </Static>
      <Box flexDirection="column">
        {hidden > 0 ? <Text color="gray">{`… ${hidden} earlier item${hidden === 1 ? "" : "s"} still open (printed when done)`}</Text> : null}
        {fitted.map(({ item, layout, subagents }) => (
          <TranscriptItemView
            key={item.key}
            item={item}
            layout={layout}
            verbose={verbose}
            width={columns}
            subagents={subagents}
            subagentActivity={runtime?.subagentActivity}
          />
        ))}
        {orphans.length ? (
          <Box flexDirection="column" marginTop={1}>
            <Text color="gray">background subagents</Text>
            <SubagentBlock subagents={orphans} activity={runtime?.subagentActivity ?? {}} />
          </Box>
        ) : null}
      </Box>
    </>
  );
}

/** One entry printed for good; `updated`: an item printed before, corrected by the server since. */
interface Printed {
  key: string;
  item: TranscriptItem;
  updated?: boolean;
}

/**
 * <Static> wants one growing array and prints what is past its last length; it memoises on the
 * array's identity, so a new array is made only when items were archived (never per delta),
 * and only the new items are read from the archive. The scrollback cannot be rewritten: an
 * archived item the server's history corrected after a gap (Transcript.revised) is printed
 * again, marked, unless it was not printed yet (then its corrected version is all that prints).
 */
function usePrinted(runtime: RuntimeState | undefined): Printed[] {
  const t = runtime?.transcript;
  const cache = useRef<{ key: string | undefined; items: Printed[]; archived: number; revised: number }>({ key: undefined, items: [], archived: 0, revised: 0 });
  // A new view prints the archive as it is now, corrections included.
  if (cache.current.key !== runtime?.key) cache.current = { key: runtime?.key, items: [], archived: 0, revised: t?.revisedCount ?? 0 };
  const c = cache.current;
  if (!t || (t.archived <= c.archived && (t.revisedCount ?? 0) <= c.revised)) return c.items;
  const fresh = t.archived > c.archived ? archivedFrom(t, c.archived) : [];
  const freshKeys = new Set(fresh.map((it) => it.key));
  const count = (t.revisedCount ?? 0) - c.revised;
  const revised = count > 0 ? (t.revised ?? []).slice(-count) : [];
  const reprints = revised.flatMap((item, i) => (freshKeys.has(item.key) ? [] : [{ key: `${item.key}#${c.revised + i + 1}`, item, updated: true }]));
  cache.current = {
    key: c.key,
    items: c.items.concat(reprints, fresh.map((item) => ({ key: item.key, item }))),
    archived: t.archived,
    revised: t.revisedCount ?? 0,
  };
  return cache.current.items;
}
