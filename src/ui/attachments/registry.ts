import { sizeText } from "../../protocol/deltas.js";

// What a draft holds besides its text: pasted blocks and images, each shown in the draft as a
// placeholder ("chip") and kept here by id. Ids count from 1 per draft, one counter for both
// kinds (as Letta Code numbers them); the registry is emptied when the draft is sent.

/** A pasted block too long to edit inline: the draft shows its label, the message carries `text`. */
export interface PastedText {
  readonly kind: "text";
  readonly id: number;
  readonly label: string;
  readonly text: string;
}

/** An image checked by its bytes (sniff.ts): sent as a base64 content part where its label stands. */
export interface PastedImage {
  readonly kind: "image";
  readonly id: number;
  readonly label: string;
  readonly mediaType: string;
  /** Base64 of the file: kept in memory only (never in a file or the log). */
  readonly data: string;
  readonly bytes: number;
}

export type Attachment = PastedText | PastedImage;

export interface Attachments {
  readonly next: number;
  readonly items: readonly Attachment[];
  /** Images being read (a path pasted, the clipboard): Enter meanwhile waits for them. */
  readonly reading: number;
  /** Enter was pressed while images were being read: the draft goes once they are in. */
  readonly sendWhenRead?: true;
}

export const NO_ATTACHMENTS: Attachments = { next: 1, items: [], reading: 0 };

/**
 * A paste longer than this becomes a chip; a shorter one goes into the draft as text. Five lines
 * still fit the input line whole; 800 characters is ten lines of an 80-column terminal.
 */
export const CHIP_MIN_LINES = 6;
export const CHIP_MIN_CHARS = 801;

/** Lines of a pasted text, a final line break not counting as a line. */
export function lineCount(text: string): number {
  return text.replace(/\n$/, "").split("\n").length;
}

/** Whether a (cleaned) paste is long enough to stand in the draft as a chip. */
export function isLargePaste(text: string): boolean {
  return lineCount(text) >= CHIP_MIN_LINES || text.length >= CHIP_MIN_CHARS;
}

export function pastedLabel(id: number, lines: number): string {
  return `[Pasted text #${id} +${lines} line${lines === 1 ? "" : "s"}]`;
}

export { sizeText };

/**
 * A file name fit for a label: no control characters, no brackets (a label ends at its `]`),
 * short. The file's own name may be anything a file system allows.
 */
function labelName(name: string): string {
  const clean = name.replace(/[\u0000-\u001F\u007F-\u009F[\]\u202A-\u202E\u2066-\u2069]/g, "_").trim();
  return clean.length > 40 ? `${clean.slice(0, 19)}…${clean.slice(-20)}` : clean || "image";
}

export function imageLabel(id: number, name: string, bytes: number): string {
  return `[Image #${id} ${labelName(name)} ${sizeText(bytes)}]`;
}

/** The registry with a pasted text added, and the label to put in the draft. */
export function addText(reg: Attachments, text: string): { reg: Attachments; label: string } {
  const id = reg.next;
  const label = pastedLabel(id, lineCount(text));
  return { reg: { ...reg, next: id + 1, items: [...reg.items, { kind: "text", id, label, text }] }, label };
}

export interface ImageFile {
  readonly name: string;
  readonly mediaType: string;
  readonly data: string;
  readonly bytes: number;
}

/** The registry with an image added, and the label to put in the draft. */
export function addImage(reg: Attachments, image: ImageFile): { reg: Attachments; label: string } {
  const id = reg.next;
  const label = imageLabel(id, image.name, image.bytes);
  const item: PastedImage = { kind: "image", id, label, mediaType: image.mediaType, data: image.data, bytes: image.bytes };
  return { reg: { ...reg, next: id + 1, items: [...reg.items, item] }, label };
}
