import { Box, Text } from "ink";
import { CONTEXT_TITLES, HIDDEN_IN_HINTS, KEYMAP, type KeyContext } from "../keymap.js";

const ORDER: KeyContext[] = ["input", "approval", "question", "deny-reason", "edit", "ask", "queue", "global", "offline", "confirm-quit", "picker", "help"];

/** Every key, generated from the one keymap table, grouped by where it works. */
export function HelpOverlay() {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold color="cyan">
        Keys
      </Text>
      {ORDER.map((context) => {
        const bindings = KEYMAP.filter((b) => b.context === context && !HIDDEN_IN_HINTS.includes(b.action));
        if (bindings.length === 0) return null;
        return (
          <Box key={context} flexDirection="column" marginTop={1}>
            <Text underline>{CONTEXT_TITLES[context]}</Text>
            {bindings.map((b) => (
              <Text key={`${context}-${b.label}-${b.action}`}>
                <Text color="cyan">{b.label.padEnd(20)}</Text>
                {b.description}
              </Text>
            ))}
          </Box>
        );
      })}
    </Box>
  );
}
