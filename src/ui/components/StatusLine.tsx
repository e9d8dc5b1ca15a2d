import { Box, Text } from "ink";
import type { ConnectionState, RuntimeState } from "../../store/state.js";
import { homeRelative, isBusy, loopWords, shortId } from "../format.js";
import { useNow } from "../hooks/useNow.js";
import { keyHints } from "../keymap.js";
import { sanitizeLine } from "../sanitize.js";

const CONNECTION_COLOR = {
  connecting: "yellow",
  connected: "green",
  reconnecting: "yellow",
  offline: "red",
  closed: "red",
  failed: "red",
} as const;

/** "reconnecting (attempt 3, next in 4 s)" — the words the user sees while we recover. */
export function connectionWords(c: ConnectionState, now: number): string {
  switch (c.status) {
    case "reconnecting": {
      const secs = Math.max(0, Math.ceil(((c.nextRetryAt ?? now) - now) / 1000));
      return `reconnecting (attempt ${c.attempt ?? 1}, ${secs > 0 ? `next in ${secs} s` : "trying now"})`;
    }
    case "offline":
      return `offline: ${keyHints("offline")}`;
    default:
      return c.status;
  }
}

export function StatusLine({ connection, runtime }: { connection: ConnectionState; runtime: RuntimeState | undefined }) {
  const now = useNow(connection.status === "reconnecting");
  const status = runtime?.loop?.status;
  const mode = runtime?.device?.current_permission_mode ?? undefined;
  const sep = <Text color="gray"> │ </Text>;
  return (
    <Box>
      <Text wrap="truncate-end">
        <Text color={CONNECTION_COLOR[connection.status]}>● {connectionWords(connection, now)}</Text>
        {connection.serverVersion ? <Text color="gray"> letta {sanitizeLine(connection.serverVersion)}</Text> : null}
        {sep}
        <Text>
          {shortId(runtime?.scope.agent_id)}/{shortId(runtime?.scope.conversation_id)}
        </Text>
        {sep}
        <Text color={isBusy(status) ? "cyan" : undefined}>{loopWords(status)}</Text>
        {sep}
        <Text color={mode === "unrestricted" ? "red" : undefined}>{mode ? sanitizeLine(mode) : "—"}</Text>
        {sep}
        <Text color="gray">{sanitizeLine(homeRelative(runtime?.device?.current_working_directory))}</Text>
      </Text>
    </Box>
  );
}
