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
      <Static key={runtime?.key ?? "none"} items={printed}>{(item) => <TranscriptItemView key={item.key} item={item} verbose={verbose} width={columns} />}</Static>
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

/**
 * <Static> wants one growing array and prints what is past its last length; it memoises on the
 * array's identity, so a new array is made only when items were archived (never per delta),
 * and only the new items are read from the archive.
 */
function usePrinted(runtime: RuntimeState | undefined): TranscriptItem[] {
  const cache = useRef<{ key: string | undefined; items: TranscriptItem[] }>({ key: undefined, items: [] });
  if (cache.current.key !== runtime?.key) cache.current = { key: runtime?.key, items: [] };
  const printed = cache.current.items;
  if (runtime && runtime.transcript.archived > printed.length) {
    cache.current.items = printed.concat(archivedFrom(runtime.transcript, printed.length));
  }
  return cache.current.items;
}
