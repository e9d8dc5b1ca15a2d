import { Box, Text } from "ink";
import type { ConnectionState, RuntimeState } from "../../store/state.js";
import { homeRelative, isBusy, loopWords, shortId } from "../format.js";
import { sanitizeLine } from "../sanitize.js";

const CONNECTION_COLOR = { connecting: "yellow", connected: "green", closed: "red", failed: "red" } as const;

export function StatusLine({ connection, runtime }: { connection: ConnectionState; runtime: RuntimeState | undefined }) {
  const status = runtime?.loop?.status;
  const mode = runtime?.device?.current_permission_mode ?? undefined;
  const sep = <Text color="gray"> │ </Text>;
  return (
    <Box>
      <Text wrap="truncate-end">
        <Text color={CONNECTION_COLOR[connection.status]}>● {connection.status}</Text>
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
