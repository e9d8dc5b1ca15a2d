import { colorEnabled } from "../color.js";
import { stateOf } from "../memory/entry.js";
import { memoryBroadcast, memoryEdited, memoryKey, memoryOpen, memoryPaste, memoryReply } from "../memory/steps.js";
import { memoryLines } from "./memoryLines.js";
import { PanelLines, panelRows } from "./panelLines.js";
import type { ViewDef } from "./view.js";

// /memory (Alt+M): the agent's memory as the server keeps it, live. The steps are pure
// (src/ui/memory/steps.ts, writes.ts); this draws them (memoryLines.ts).

export const memory: ViewDef = {
  context: "memory",
  placement: "panel",
  open: (world) => memoryOpen(world),
  key: (entry, input, key, world) => memoryKey(entry, input, key, world),
  paste: memoryPaste,
  reply: memoryReply,
  edited: (entry, tag, result) => memoryEdited(entry, tag, result),
  broadcast: (entry, frame) => memoryBroadcast(entry, frame),
  // Neither the clock nor colour changes the line count.
  rows: (entry, _world, width) => panelRows(memoryLines(stateOf(entry), { width, color: false, now: 0 }), width),
  View: function MemoryView({ entry, width, now }) {
    return <PanelLines lines={memoryLines(stateOf(entry), { width, color: colorEnabled(), now: now?.() ?? Date.now() })} width={width} color="magenta" />;
  },
};
