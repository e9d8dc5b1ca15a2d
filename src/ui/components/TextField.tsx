import { FieldText } from "./FieldText.js";
import type { ChipSpan } from "./draftWindow.js";

export interface TextFieldProps {
  value: string;
  /** Where the cursor sits in `value` (the owner edits both with textEdit's `edit` and `paste`). */
  cursor: number;
  focus: boolean;
  placeholder?: string;
  /** Rows the field may take at `width` columns; a longer draft shows a window around the cursor. */
  maxRows?: number;
  width?: number;
  chips?: readonly ChipSpan[] | undefined;
}

/**
 * A multi-line text field, drawn from the value and cursor its owner keeps. It reads no keys:
 * the App routes every key by the state of the moment (a card that just appeared, an answer
 * just sent) and edits the field it picked with the pure `edit` (textEdit.ts), on a ref, so
 * keys typed faster than React re-renders (type-ahead right after Enter, a paste) build on
 * each other.
 */
export function TextField({ value, cursor: at, focus, placeholder, maxRows, width, chips }: TextFieldProps) {
  // Drawing (visible escapes, the cursor, the window of a long draft) lives in FieldText.
  const cursor = Math.max(0, Math.min(at, value.length));
  return <FieldText value={value} cursor={cursor} focus={focus} placeholder={placeholder} maxRows={maxRows} width={width} chips={chips} />;
}
