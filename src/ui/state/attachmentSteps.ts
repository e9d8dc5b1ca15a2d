import { paste } from "../components/textEdit.js";
import { chipNear, chipsIn } from "../attachments/chips.js";
import { imagePathIn } from "../attachments/imagePath.js";
import { addImage, addText, isLargePaste, type Attachments } from "../attachments/registry.js";
import { mentionFollow } from "./mentionSteps.js";
import { EMPTY, none } from "./step.js";
import type { Msg, Step, UiState, World } from "./uiState.js";

// Pasted blocks and images in the draft (ui/attachments/ holds the registry and the chips): a
// paste becomes text, a chip or an image being read; a chip expands back into text; an image
// read takes the place of the path it was pasted as.

/**
 * A paste into the draft: a path to an image is put in as text and read (its chip replaces it
 * once the file checks out); a long block goes in as one chip; anything else as text.
 */
export function pasteIntoDraft(ui: UiState, world: World, text: string): Step {
  const file = imagePathIn(text);
  const clean = paste(EMPTY, text).value;
  if (file) {
    const shown = text.trim();
    return { ui: { ...ui, draft: paste(ui.draft, shown), attachments: reading(ui.attachments, 1) }, effects: [{ kind: "read-image", path: file, shown }] };
  }
  if (!isLargePaste(clean)) return mentionFollow({ ...ui, draft: paste(ui.draft, text) }, world);
  const added = addText(ui.attachments, clean);
  return mentionFollow({ ...ui, attachments: added.reg, draft: paste(ui.draft, added.label) }, world);
}

/** The pasted text whose chip is at the cursor (else the last one) back into the draft as text. */
export function expandChip(ui: UiState): UiState {
  const chips = chipsIn(ui.draft.value, ui.attachments.items).filter((c) => c.item.kind === "text");
  const chip = chipNear(chips, ui.draft.cursor) ?? chips.at(-1);
  if (!chip || chip.item.kind !== "text") return ui;
  const { value } = ui.draft;
  const text = chip.item.text;
  const items = ui.attachments.items.filter((i) => i !== chip.item);
  return { ...ui, attachments: { ...ui.attachments, items }, draft: { value: value.slice(0, chip.from) + text + value.slice(chip.to), cursor: chip.from + text.length } };
}

export function reading(reg: Attachments, change: 1 | -1): Attachments {
  const count = Math.max(0, reg.reading + change);
  const { sendWhenRead: _, ...rest } = reg;
  return count > 0 && reg.sendWhenRead ? { ...rest, reading: count, sendWhenRead: true } : { ...rest, reading: count };
}

export function placeImage(ui: UiState, world: World, msg: Extract<Msg, { type: "image-read" }>): Step {
  const { shown, load } = msg;
  if (!load.ok) return { ui, effects: [{ kind: "notice", level: "warning", text: `${load.error}; the draft is unchanged` }] };
  const added = addImage(ui.attachments, load.image);
  const { value, cursor } = ui.draft;
  if (shown === undefined) {
    return none({ ...ui, attachments: added.reg, draft: paste(ui.draft, added.label) });
  }
  // The path as pasted, the occurrence nearest before the cursor: edited away since, nothing to replace.
  const at = value.lastIndexOf(shown, Math.max(0, cursor - shown.length));
  const found = at >= 0 ? at : value.indexOf(shown);
  if (found < 0) return none(ui);
  const next = value.slice(0, found) + added.label + value.slice(found + shown.length);
  const moved = cursor >= found + shown.length ? cursor + added.label.length - shown.length : Math.min(cursor, found);
  return mentionFollow({ ...ui, attachments: added.reg, draft: { value: next, cursor: moved } }, world);
}
