import { Box, Text, useWindowSize } from "ink";
import { keyHints } from "../keymap.js";
import { draftMaxRows } from "./draftWindow.js";
import type { Field } from "./textEdit.js";
import { TextField } from "./TextField.js";

export interface InputLineProps {
  /** The draft and its cursor; the App edits them (keys are routed there, not read here). */
  field: Field;
  focus: boolean;
  hint?: string;
}

export function InputLine({ field, focus, hint }: InputLineProps) {
  const { rows, columns } = useWindowSize();
  return (
    <Box flexDirection="column">
      {hint ? <Text color="gray">{hint}</Text> : null}
      <Box borderStyle="single" borderColor={focus ? "blue" : "gray"} borderLeft={false} borderRight={false}>
        <Text color="blue">{"› "}</Text>
        <TextField
          value={field.value}
          cursor={field.cursor}
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
