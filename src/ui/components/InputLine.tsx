import { Box, Text } from "ink";
import { TextField } from "./TextField.js";
import { keyHints } from "../keymap.js";

export interface InputLineProps {
  value: string;
  focus: boolean;
  onChange(value: string): void;
  onSubmit(value: string): void;
  hint?: string;
}

export function InputLine({ value, focus, onChange, onSubmit, hint }: InputLineProps) {
  return (
    <Box flexDirection="column">
      {hint ? <Text color="gray">{hint}</Text> : null}
      <Box borderStyle="single" borderColor={focus ? "blue" : "gray"} borderLeft={false} borderRight={false}>
        <Text color="blue">{"› "}</Text>
        <TextField value={value} onChange={onChange} onSubmit={onSubmit} focus={focus} placeholder="Message the agent" />
      </Box>
      <Text color="gray">{`${keyHints("input")} · ${keyHints("global")}`}</Text>
    </Box>
  );
}
