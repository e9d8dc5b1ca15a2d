import { Box, Text, useWindowSize } from "ink";
import { keyHints } from "../keymap.js";
import { draftMaxRows } from "./draftWindow.js";
import { TextField } from "./TextField.js";

export interface InputLineProps {
  value: string;
  focus: boolean;
  onChange(value: string): void;
  onSubmit(value: string): void;
  onHistory(direction: -1 | 1): void;
  interceptKey?(input: string): boolean;
  hint?: string;
}

export function InputLine({ value, focus, onChange, onSubmit, onHistory, interceptKey, hint }: InputLineProps) {
  const { rows, columns } = useWindowSize();
  return (
    <Box flexDirection="column">
      {hint ? <Text color="gray">{hint}</Text> : null}
      <Box borderStyle="single" borderColor={focus ? "blue" : "gray"} borderLeft={false} borderRight={false}>
        <Text color="blue">{"› "}</Text>
        <TextField
          value={value}
          onChange={onChange}
          onSubmit={onSubmit}
          onHistory={onHistory}
          interceptKey={interceptKey}
          focus={focus}
          placeholder="Message the agent"
          maxRows={draftMaxRows(rows)}
          width={columns - 2}
        />
      </Box>
      <Text color="gray" wrap="truncate-end">{`${keyHints("input", ["send", "newline", "abort", "help"])} · Ctrl+C twice quit`}</Text>
    </Box>
  );
}
