import { Box, Text } from "ink";
import { PickerView, type PickerItem } from "../pickers/Picker.js";
import { sanitizeLine } from "../sanitize.js";

export interface EnvironmentRow {
  key: string;
  name: string;
  detail: string;
  online: boolean;
}

export interface EnvironmentsViewProps {
  /** How to make a machine dial in: the exact command, and where to. */
  instructions: readonly string[];
  environments: readonly EnvironmentRow[];
  /** The list's filter and selection (the key router keeps them). */
  query: string;
  selected: number;
  busy?: string | undefined;
  /** Ctrl+C pressed once ("again to quit"), or a second time with work that quitting would cost. */
  quitGuard?: { armed: boolean; confirming: boolean; atWork: string[] };
}

/** The rows as list items: online or not, and what the runtime reported. */
export function environmentItems(environments: readonly EnvironmentRow[]): PickerItem[] {
  return environments.map((e) => ({
    key: e.key,
    label: `${e.online ? "●" : "○"} ${e.name}`,
    detail: `${e.detail}${e.online ? "" : " · offline, waiting for it to dial in again"}`,
  }));
}

/** `letta-tui listen`: the runtimes that dialled in; pick one to start or resume an agent on it. */
export function EnvironmentsView({ instructions, environments, query, selected, busy, quitGuard }: EnvironmentsViewProps) {
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
        <Text bold color="cyan">
          letta-tui is listening: run the command printed above on each machine (another --env-name per runtime)
        </Text>
        {/* The command itself is printed above, unwrapped, so it can be copied whole. */}
        {instructions.slice(1).map((line, i) => (
          <Text key={i}>{sanitizeLine(line)}</Text>
        ))}
      </Box>
      {busy ? <Text color="cyan">{busy}</Text> : null}
      <PickerView
        title="Runtimes that dialled in (Enter: attach to the agent that ran last there, or a new one)"
        items={environmentItems(environments)}
        emptyText="none yet: start one with the command above"
        query={query}
        selected={selected}
      />
      {quitGuard?.armed ? <Text color="yellow">Press Ctrl+C again to quit</Text> : null}
      {quitGuard?.confirming ? (
        <Box flexDirection="column">
          <Text color="red" bold>{`At work: ${sanitizeLine(quitGuard.atWork.join(", "))}. A turn is running or an approval or question waits there.`}</Text>
          <Text color="red" bold>
            Quit anyway? (y / any other key to stay)
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
