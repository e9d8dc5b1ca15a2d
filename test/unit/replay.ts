import { parseFrame } from "../../src/protocol/parse.js";
import type { RuntimeScope } from "../../src/protocol/runtime.js";
import type { StoreEvent } from "../../src/store/events.js";
import { allItems } from "../../src/store/archive.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState, type AppState } from "../../src/store/state.js";
import { loadRecording, type RecordedLine } from "./recordings.js";

/**
 * Turn one connection's recorded session into store events, as the controller would have
 * produced them: received frames verbatim, and our own sends as the local events they cause.
 */
export function eventsOf(lines: RecordedLine[], conn: string | number = "main"): StoreEvent[] {
  const events: StoreEvent[] = [];
  let scope: RuntimeScope | null = null;
  for (const line of lines) {
    if (line.conn !== conn || !line.frame) continue;
    const f = line.frame as Record<string, any>;
    if (line.dir === "recv") {
      if (f.type === "runtime_start_response" && f.runtime) scope = f.runtime;
      events.push({ type: "frame", parsed: parseFrame(JSON.stringify(f)) });
      continue;
    }
    if (line.dir !== "send" || f.type !== "input") continue;
    const runtime: RuntimeScope | null = f.runtime ?? scope;
    if (!runtime || !f.request_id) continue;
    if (f.payload?.kind === "create_message") {
      const m = f.payload.messages[0];
      events.push({ type: "message_sent", scope: runtime, requestId: f.request_id, clientMessageId: m.client_message_id, text: String(m.content) });
    } else if (f.payload?.kind === "approval_response") {
      const behavior = f.payload.decision?.behavior === "allow" ? "allow" : "deny";
      events.push({ type: "approval_sent", scope: runtime, requestId: f.request_id, approvalId: f.payload.request_id, behavior });
    }
  }
  return events;
}

export function replay(name: string, conn: string | number = "main", from: AppState = initialState("ws://recorded")): AppState {
  return eventsOf(loadRecording(name), conn).reduce(reduce, from);
}

export function activeRuntime(state: AppState) {
  if (!state.active) throw new Error("no active runtime");
  return state.runtimes[state.active]!;
}

export function items(state: AppState) {
  const rt = activeRuntime(state);
  return allItems(rt.transcript);
}
