import { Box, Text } from "ink";
import { connectionOf } from "../../store/state.js";
import { actionFor, keyHints } from "../keymap.js";
import { sanitizeLine } from "../sanitize.js";
import type { ViewDef } from "./view.js";

/** What "about" lists, as lines: pure, so the view and its height agree. */
export function aboutLines(props: { app: Parameters<typeof connectionOf>[0]; logPath?: string | undefined }): string[] {
  const { app } = props;
  const rt = app.active ? app.runtimes[app.active] : undefined;
  const device = rt?.device;
  const commands = device?.supported_commands ?? [];
  return [
    `server: ${connectionOf(app, rt).url} · ${connectionOf(app, rt).serverVersion ?? "version not known yet"}`,
    `letta code: ${device?.letta_code_version ?? "not reported"} · mode ${device?.current_permission_mode ?? "not reported"}`,
    `commands: ${commands.length ? commands.join(", ") : "none reported"}`,
    `tools: ${device?.current_loaded_tools?.length ?? 0} loaded · toolset ${device?.current_toolset ?? "not reported"} · skills ${device?.current_available_skills?.length ?? 0}`,
    `transport log: ${props.logPath ?? "none (not written)"}`,
  ];
}

/** Ctrl+K: the server's version and capabilities, and where the transport log is written. */
export const about: ViewDef = {
  context: "panel",
  placement: "panel",
  open: () => ({ entry: { id: "about" } }),
  key: (entry, input, key) => ({ entry: actionFor("panel", input, key) === "close" ? null : entry }),
  // Border, title, the lines, the hints: each line kept to one row (truncated).
  rows: () => 2 + 1 + 5 + 1,
  View: ({ world, logPath }) => (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold color="cyan">
        About this session
      </Text>
      {aboutLines({ app: world.app, logPath }).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {sanitizeLine(line)}
        </Text>
      ))}
      <Text color="gray">{keyHints("panel")}</Text>
    </Box>
  ),
};
