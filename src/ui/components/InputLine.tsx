import { Box, Text } from "ink";
import { keyHints } from "../keymap.js";
import { sanitize } from "../sanitize.js";
import { rowCount } from "../transcriptRows.js";
import { fieldRows } from "./FieldText.js";
import type { Field } from "./textEdit.js";
import type { ChipSpan } from "./draftWindow.js";
import { TextField } from "./TextField.js";

export interface InputLineProps {
  /** The draft and its cursor; the App edits them (keys are routed there, not read here). */
  field: Field;
  focus: boolean;
  hint?: string | undefined;
  /** Columns it is drawn in: the terminal's width. */
  width: number;
  /** Rows the draft may take before it scrolls within the line (draftMaxRows of the screen). */
  maxRows: number;
  /** Pasted texts' and images' placeholders in the draft, drawn as units. */
  chips?: readonly ChipSpan[] | undefined;
  /** Where keys go instead of the input (a card, a view, the `@` list): said in place of the input's hints. */
  keysGo?: string | undefined;
}

const PLACEHOLDER = "Message the agent";
/** The prompt before the draft, "› ". */
const PROMPT = 2;
/** The rule above and below the draft. */
const RULES = 2;
const hintsLine = () => `${keyHints("input", ["send", "newline", "abort", "help"])} · Ctrl+C twice quit`;

/** Rows the input takes at `width`: the hint as it wraps, the rules, the draft's rows, the key hints (cut to one row). */
export function inputLineHeight(width: number, { field, focus, hint, maxRows, chips }: InputLineProps): number {
  const cursor = Math.max(0, Math.min(field.cursor, field.value.length));
  const draft = fieldRows({ value: field.value, cursor, focus, placeholder: PLACEHOLDER, maxRows, width: width - PROMPT, chips });
  return (hint ? rowCount(sanitize(hint), width) : 0) + RULES + draft + 1;
}

export function InputLine({ field, focus, hint, width, maxRows, chips, keysGo }: InputLineProps) {
  return (
    <Box flexDirection="column" width={width}>
      {hint ? <Text color="gray">{sanitize(hint)}</Text> : null}
      <Box borderStyle="single" borderColor={focus ? "blue" : "gray"} borderLeft={false} borderRight={false}>
        <Text color="blue">{"› "}</Text>
        <TextField value={field.value} cursor={field.cursor} focus={focus} placeholder={PLACEHOLDER} maxRows={maxRows} width={width - PROMPT} chips={chips} />
      </Box>
      <Text color="gray" wrap="truncate-end">
        {keysGo ?? hintsLine()}
      </Text>
    </Box>
  );
}
