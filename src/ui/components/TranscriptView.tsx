import { Box, Static, useWindowSize } from "ink";
import { useRef } from "react";
import { archivedFrom, liveItems } from "../../store/archive.js";
import type { RuntimeState, TranscriptItem } from "../../store/state.js";
import { TranscriptItemView } from "./TranscriptItemView.js";

/**
 * Finished items go to <Static>: printed once into the scrollback and never re-rendered, so
 * frame cost stays flat however long the session gets. Only the unfinished tail is live.
 */
export interface TranscriptViewProps {
  runtime: RuntimeState | undefined;
  liveLines: number;
  verbose: boolean;
}

export function TranscriptView({ runtime, liveLines, verbose }: TranscriptViewProps) {
  const { columns } = useWindowSize();
  const printed = usePrinted(runtime);
  const live = runtime ? liveItems(runtime.transcript) : [];
  // Subagents run while their Task row is live, so only live rows need them.
  const subagentsOf = (item: TranscriptItem) =>
    item.kind === "tool" && runtime ? runtime.subagents.filter((s) => s.tool_call_id === item.toolCallId) : undefined;
  return (
    <>
      {/* A new <Static> per runtime: switching prints the other transcript from its start. */}
      <Static key={runtime?.key ?? "none"} items={printed}>{(item) => <TranscriptItemView key={item.key} item={item} verbose={verbose} width={columns} />}</Static>
      <Box flexDirection="column">
        {live.map((item) => (
          <TranscriptItemView
            key={item.key}
            item={item}
            maxLines={liveLines}
            verbose={verbose}
            width={columns}
            subagents={subagentsOf(item)}
            subagentActivity={runtime?.subagentActivity}
          />
        ))}
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
