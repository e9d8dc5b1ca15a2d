import { Text } from "ink";
import { rowCount } from "../transcriptRows.js";

export interface QuitLinesProps {
  /** Ctrl+C pressed once: the next one quits. */
  armed: boolean;
  /** Ctrl+C pressed again with work that quitting would cost: asked to confirm. */
  confirming: boolean;
  /** Labels of the runtimes at work, named when there are several runtimes (else empty). */
  atWork: readonly string[];
}

/** What the quit guard says, one string per <Text>; its height and its render both read it. */
function quitTexts({ armed, confirming, atWork }: QuitLinesProps): { armed?: string; confirm?: string } {
  return {
    ...(armed ? { armed: "Press Ctrl+C again to quit" } : {}),
    ...(confirming
      ? {
          confirm: `${atWork.length ? `At work: ${atWork.join(", ")}. ` : ""}A turn is running or waiting for you. If no other client is attached, the server cancels it when letta-tui quits. Quit anyway? (y / any other key to stay)`,
        }
      : {}),
  };
}

/** Rows the quit guard's lines take at `width`, as they wrap. */
export function quitLinesHeight(width: number, props: QuitLinesProps): number {
  const t = quitTexts(props);
  return (t.armed ? rowCount(t.armed, width) : 0) + (t.confirm ? rowCount(t.confirm, width) : 0);
}

/** "Press Ctrl+C again to quit", or the question whether to quit with work running. */
export function QuitLines(props: QuitLinesProps) {
  const t = quitTexts(props);
  return (
    <>
      {t.armed ? <Text color="yellow">{t.armed}</Text> : null}
      {t.confirm ? (
        <Text color="red" bold>
          {t.confirm}
        </Text>
      ) : null}
    </>
  );
}
