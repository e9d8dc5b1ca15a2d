import { Box, Static, Text } from "ink";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { liveItems } from "../../store/archive.js";
import type { RuntimeState } from "../../store/state.js";
import { PrintQueue, skippedNote, type PrintEntry, type PrintOptions } from "../printQueue.js";
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
  /** Columns it is drawn in: the terminal's width. */
  width: number;
  /**
   * Drawn over by a full-screen view on the alternate screen (the reader): nothing is printed
   * (it would land on a screen that is thrown away) and no live tail is drawn. The <Static>
   * stays mounted, so what it printed is not printed again when the view closes.
   */
  paused?: boolean;
}

const liveFit = ({ runtime, liveRows, verbose, width }: TranscriptViewProps) => fitLive(runtime, runtime ? liveItems(runtime.transcript) : [], { width, verbose, rows: liveRows });

/**
 * Rows the live tail takes (the printed items are above, in the scrollback): at most
 * `liveRows`, the rows the layout left it.
 */
export function transcriptTailHeight(width: number, props: TranscriptViewProps): number {
  return liveFit({ ...props, width }).rows;
}

export function TranscriptView(props: TranscriptViewProps) {
  const { runtime, verbose, width: columns } = props;
  const printed = usePrinted(runtime, { width: columns, verbose }, props.paused ?? false);
  return (
    <>
      {/* A new <Static> per runtime: switching prints the other transcript's last items. */}
      <Static key={runtime?.key ?? "none"} items={printed}>
        {(p) =>
          "skipped" in p ? (
            <Text key={p.key} color="gray" wrap="truncate-end">
              {skippedNote(p.skipped)}
            </Text>
          ) : (
            <TranscriptItemView key={p.key} item={p.item} updated={p.updated} verbose={verbose} width={columns} part={p.part} layout={p.part ? p.layout : undefined} />
          )
        }
      </Static>
      {props.paused ? null : <LiveTail {...props} />}
    </>
  );
}

/** The unfinished items, cut to the rows the layout left them (`transcriptTailHeight`). */
export function LiveTail(props: TranscriptViewProps) {
  const { runtime, verbose, width: columns } = props;
  const { fitted, hidden, orphans } = liveFit(props);
  return (
    <Box flexDirection="column">
      {/* One row, as fitLive counts it: cut, never wrapped on a narrow terminal. */}
      {hidden > 0 ? <Text color="gray" wrap="truncate-end">{`… ${hidden} earlier item${hidden === 1 ? "" : "s"} still open (printed when done)`}</Text> : null}
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
  );
}

/**
 * <Static> wants one growing array and prints what is past its last length; it memoises on the
 * array's identity, so a new array is made only when the print queue gives a commit something
 * (never per delta). While the queue holds more, the view renders again once the event loop
 * has run (setImmediate), each time printing the next part (see printQueue.ts).
 */
function usePrinted(runtime: RuntimeState | undefined, o: PrintOptions, paused: boolean): PrintEntry[] {
  const [, next] = useState(0);
  const view = useRef<{ key: string | undefined; queue: PrintQueue; entries: PrintEntry[]; taken: boolean } | undefined>(undefined);
  const t = runtime?.transcript;
  if (view.current?.key !== runtime?.key || !view.current) view.current = { key: runtime?.key, queue: new PrintQueue(t), entries: [], taken: false };
  const v = view.current;
  v.queue.update(t);
  // One batch per committed render: a render React threw away must not lose what it took.
  if (!paused && !v.taken && !v.queue.empty) {
    const batch = v.queue.take(o);
    if (batch.length) v.entries = v.entries.concat(batch);
    v.taken = true;
  }
  useLayoutEffect(() => {
    v.taken = false;
  });
  const more = !paused && !v.queue.empty;
  useEffect(() => {
    if (!more) return;
    const id = setImmediate(() => next((n) => n + 1));
    return () => clearImmediate(id);
  });
  return v.entries;
}
