import { Box, Text } from "ink";
import type { SubagentSnapshot } from "../../protocol/status.js";
import { sanitizeLine } from "../sanitize.js";

const STATUS_COLOR: Record<string, string> = { pending: "gray", running: "cyan", completed: "green", error: "red" };

/** The subagents a Task call dispatched, under its row: type, status, tools, tokens, activity. */
export function SubagentBlock({ subagents, activity }: { subagents: SubagentSnapshot[]; activity: Record<string, string> }) {
  if (subagents.length === 0) return null;
  return (
    <Box flexDirection="column" marginLeft={2}>
      {subagents.map((s) => {
        const tools = s.tool_calls?.length ?? 0;
        const tokens = s.total_tokens ? ` · ${s.total_tokens.toLocaleString("en-US")} tokens` : "";
        const line = activity[s.subagent_id]?.trimEnd();
        return (
          <Box key={s.subagent_id} flexDirection="column">
            <Text wrap="truncate-end">
              {"↳ "}
              <Text bold>{sanitizeLine(s.subagent_type ?? "subagent")}</Text>
              {s.description ? ` ${sanitizeLine(s.description)}` : ""}
              <Text color={STATUS_COLOR[s.status ?? ""] ?? "gray"}> {sanitizeLine(s.status ?? "")}</Text>
              <Text color="gray">
                {` · ${tools} tool${tools === 1 ? "" : "s"}${tokens}`}
                {s.is_background ? " · background" : ""}
              </Text>
            </Text>
            {/* One row each: the live region counts them (transcriptFit.ts). */}
            {s.error ? <Text color="red" wrap="truncate-end">{`  ${sanitizeLine(s.error)}`}</Text> : null}
            {line && s.status === "running" ? <Text color="gray" wrap="truncate-end">{`  ${sanitizeLine(line)}`}</Text> : null}
          </Box>
        );
      })}
    </Box>
  );
}
