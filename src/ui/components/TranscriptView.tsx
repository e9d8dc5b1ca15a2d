import { Box, Static } from "ink";
import { useRef } from "react";
import { archivedFrom, liveItems } from "../../store/archive.js";
import type { RuntimeState, TranscriptItem } from "../../store/state.js";
import { TranscriptItemView } from "./TranscriptItemView.js";

/**
 * Finished items go to <Static>: printed once into the scrollback and never re-rendered, so
 * frame cost stays flat however long the session gets. Only the unfinished tail is live.
 */
export function TranscriptView({ runtime, liveLines }: { runtime: RuntimeState | undefined; liveLines: number }) {
  const printed = usePrinted(runtime);
  const live = runtime ? liveItems(runtime.transcript) : [];
  return (
    <>
      <Static items={printed}>{(item) => <TranscriptItemView key={item.key} item={item} />}</Static>
      <Box flexDirection="column">
        {live.map((item) => (
          <TranscriptItemView key={item.key} item={item} maxLines={liveLines} />
        ))}
      </Box>
    </>
  );
}

/**
 * <Static> wants one growing array and prints what is past its last length. We keep that array
 * here and append only the newly archived items, so a frame costs the new items, not the history.
 */
function usePrinted(runtime: RuntimeState | undefined): TranscriptItem[] {
  const cache = useRef<{ key: string | undefined; items: TranscriptItem[] }>({ key: undefined, items: [] });
  if (cache.current.key !== runtime?.key) cache.current = { key: runtime?.key, items: [] };
  const items = cache.current.items;
  if (runtime && runtime.transcript.archived > items.length) {
    items.push(...archivedFrom(runtime.transcript, items.length));
  }
  return items;
}
