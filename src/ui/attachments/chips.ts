import type { Attachment } from "./registry.js";

// Where the chips stand in a draft: every occurrence of a registered label. The draft stays a
// plain string (the editor, $EDITOR and the sent history all work on text); a label is a chip
// only while its id is in the registry, so one typed by hand, or recalled from the history of
// an earlier draft, is plain text.

export interface Chip {
  readonly from: number;
  readonly to: number;
  readonly item: Attachment;
}

/** The chips of `value`, in order, none overlapping. */
export function chipsIn(value: string, items: readonly Attachment[]): Chip[] {
  if (items.length === 0 || !value.includes("[")) return [];
  const found: Chip[] = [];
  for (const item of items) {
    for (let at = value.indexOf(item.label); at >= 0; at = value.indexOf(item.label, at + item.label.length)) {
      found.push({ from: at, to: at + item.label.length, item });
    }
  }
  found.sort((a, b) => a.from - b.from);
  const out: Chip[] = [];
  for (const c of found) if (!out.length || c.from >= out[out.length - 1]!.to) out.push(c);
  return out;
}

/** The chip that ends at, or starts at, the cursor (the one before it first): what "expand" acts on. */
export function chipNear(chips: readonly Chip[], cursor: number): Chip | undefined {
  return chips.find((c) => c.to === cursor) ?? chips.find((c) => c.from === cursor);
}
