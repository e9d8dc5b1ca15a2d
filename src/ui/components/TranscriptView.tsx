import { Box, Static } from "ink";
import { useMemo } from "react";
import type { RuntimeState, TranscriptItem } from "../../store/state.js";
import { TranscriptItemView } from "./TranscriptItemView.js";

/**
 * Finished items go to <Static>: printed once into the scrollback and never re-rendered, so
 * frame cost stays flat however long the session gets. Only the unfinished tail is live.
 */
export function TranscriptView({ runtime, liveLines }: { runtime: RuntimeState | undefined; liveLines: number }) {
  const { done, live } = useMemo(() => splitDone(runtime), [runtime?.transcript]);
  return (
    <>
      <Static items={done}>{(item) => <TranscriptItemView key={item.key} item={item} />}</Static>
      <Box flexDirection="column">
        {live.map((item) => (
          <TranscriptItemView key={item.key} item={item} maxLines={liveLines} />
        ))}
      </Box>
    </>
  );
}

/** The longest done prefix is static; <Static> only ever appends, so it must be a prefix. */
export function splitDone(runtime: RuntimeState | undefined): { done: TranscriptItem[]; live: TranscriptItem[] } {
  if (!runtime) return { done: [], live: [] };
  const items = runtime.transcript.order.map((k) => runtime.transcript.items[k]!);
  let i = 0;
  while (i < items.length && items[i]!.done) i++;
  return { done: items.slice(0, i), live: items.slice(i) };
}
