import type { CommandDraft, Expect } from "../commands/command.js";
import type { Effect, ViewEntry } from "../state/uiState.js";
import type { ViewStep } from "../views/view.js";
import type { MemoryFile } from "./files.js";
import type { MemoryState } from "./state.js";

// The memory view's entry on the view stack, and the requests it sends: what its steps
// (steps.ts) and its writes (writes.ts) both use.

export const MEMORY = "memory";

export const request = (command: CommandDraft, expect: Expect, tag: string): Effect => ({ kind: "request", command, expect, reply: { to: MEMORY, tag } });

export const stateOf = (entry: ViewEntry): MemoryState => entry.memory ?? { agent: "", files: [], enabled: true, changed: [], collapsed: [], sel: 0, screen: { kind: "tree" } };
export const withState = (entry: ViewEntry, m: MemoryState): ViewEntry => ({ ...entry, memory: m });
export const filesIn = (m: MemoryState): readonly MemoryFile[] => (m.files === "loading" ? [] : m.files);
export const fileAt = (m: MemoryState, path: string): MemoryFile | undefined => filesIn(m).find((f) => f.path === path);

/** Fetch the listing again, one at a time: changes meanwhile fold into one more fetch when it answers. */
export function refetch(entry: ViewEntry, m: MemoryState): ViewStep {
  if (!m.agent) return { entry: withState(entry, m) };
  if (m.fetch) return { entry: withState(entry, { ...m, fetch: "again" }) };
  return { entry: withState(entry, { ...m, fetch: "out" }), effects: [request({ type: "list_memory", agent_id: m.agent }, "list_memory_response", "list")] };
}

