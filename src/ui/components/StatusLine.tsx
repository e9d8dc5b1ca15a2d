import { Box, Text } from "ink";
import { useRef } from "react";
import { lookup } from "../../store/archive.js";
import type { ConnectionState, RuntimeState } from "../../store/state.js";
import type { ContextFigure } from "../contextFigure.js";
import { isBusy } from "../../store/loop.js";
import { formatTokens, homeRelative, loopWords, shortId } from "../format.js";
import { useNow } from "../hooks/useNow.js";
import { KEYMAP, keyHints } from "../keymap.js";
import { sanitizeLine } from "../sanitize.js";
import { runningTasks } from "../taskRows.js";

const CONNECTION_COLOR = {
  connecting: "yellow",
  connected: "green",
  reconnecting: "yellow",
  offline: "red",
  closed: "red",
  failed: "red",
} as const;

const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

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

/** Sanitised before it is shortened, so the cut cannot split an escape sequence. */
const safeShortId = (id: string | null | undefined) => shortId(id ? sanitizeLine(id) : id);

/** Names of the tools the server says are executing right now. */
function executingTools(rt: RuntimeState | undefined): string[] {
  const ids = rt?.loop?.executing_tool_call_ids ?? [];
  return ids.map((id) => {
    const item = rt ? lookup(rt.transcript, `tool:${id}`) : undefined;
    return item?.kind === "tool" ? item.name : "tool";
  });
}

/** "⚙ 2 tasks · Alt+T": background work under way, and the key that shows it. */
export function tasksWords(n: number): string {
  const key = KEYMAP.find((b) => b.action === "open-view" && b.view === "tasks")?.label;
  return `⚙ ${n} task${n === 1 ? "" : "s"}${key ? ` · ${key}` : ""}`;
}

/** Rows it takes: two lines, each cut to the width (never wrapped), whatever they hold. */
export function statusLineHeight(): number {
  return 2;
}

const CONTEXT_COLOR = { ok: undefined, high: "yellow", full: "red" } as const;

export function StatusLine({ connection, runtime, alert, context }: { connection: ConnectionState; runtime: RuntimeState | undefined; alert?: string; context?: ContextFigure | undefined }) {
  const status = runtime?.loop?.status;
  const busy = isBusy(status);
  const now = useNow(busy || connection.status === "reconnecting", busy ? 100 : 1000);
  const busySince = useRef<number | null>(null);
  if (busy && busySince.current === null) busySince.current = Date.now();
  if (!busy) busySince.current = null;
  // The clock ticks on its own interval, so it can lag the moment the turn started.
  const elapsed = busySince.current ? Math.max(0, Math.floor((now - busySince.current) / 1000)) : 0;
  const mode = runtime?.device?.current_permission_mode ?? undefined;
  const branch = runtime?.device?.git_context?.branch;
  const tools = executingTools(runtime);
  const tasks = runningTasks(runtime);
  const sep = <Text color="gray"> │ </Text>;
  // Two lines, most important first, so a narrow terminal cuts the details, never the mode.
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={CONNECTION_COLOR[connection.status]}>● {connectionWords(connection, now)}</Text>
        {sep}
        <Text color={busy ? "cyan" : undefined}>
          {busy ? `${SPINNER[Math.floor(now / 100) % SPINNER.length]} ` : ""}
          {loopWords(status)}
          {busy ? ` ${elapsed}s` : ""}
          {tools.length ? `: ${tools.map(sanitizeLine).join(", ")}` : ""}
        </Text>
        {sep}
        <Text color={mode === "unrestricted" ? "red" : undefined} bold={mode === "unrestricted"}>
          {mode === "unrestricted" ? "⚠ unrestricted" : mode ? sanitizeLine(mode) : "—"}
        </Text>
        {/* Right after the mode: a card waiting elsewhere matters more than any figure after it. */}
        {alert ? (
          <>
            {sep}
            <Text color="yellow" bold>
              {alert}
            </Text>
          </>
        ) : null}
        {tasks ? (
          <>
            {sep}
            <Text color="cyan">{tasksWords(tasks)}</Text>
          </>
        ) : null}
        {context ? (
          <>
            {sep}
            <Text color={CONTEXT_COLOR[context.level]} bold={context.level === "full"}>
              {context.text}
            </Text>
          </>
        ) : null}
        {sep}
        <Text color="gray">{connection.serverVersion ? `letta ${sanitizeLine(connection.serverVersion)}` : "letta ?"}</Text>
      </Text>
      <Text wrap="truncate-end" color="gray">
        {runtime?.agentName ? `${sanitizeLine(runtime.agentName)} ` : ""}
        {safeShortId(runtime?.scope.agent_id)}/{safeShortId(runtime?.scope.conversation_id)}
        {runtime?.title ? ` “${sanitizeLine(runtime.title)}”` : ""}
        {" · "}
        {sanitizeLine(homeRelative(runtime?.device?.current_working_directory))}
        {branch ? ` (${sanitizeLine(branch)})` : ""}
        {runtime?.model ? ` · ${sanitizeLine(runtime.model)}` : ""}
        {runtime?.usage.totalTokens ? ` · ${formatTokens(runtime.usage.totalTokens)} tokens` : ""}
      </Text>
    </Box>
  );
}
