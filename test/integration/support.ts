import type { CliConfig } from "../../src/cli/options.js";
import { openSession, type Session } from "../../src/cli/session.js";
import type { ControllerOptions } from "../../src/controller/controller.js";
import type { RuntimeSelection } from "../../src/controller/selection.js";
import type { RuntimeScope } from "../../src/protocol/runtime.js";
import { allItems } from "../../src/store/archive.js";
import type { AppState, RuntimeState, TranscriptItem } from "../../src/store/state.js";
import { LETTA_MODEL, type LettaServer } from "../../scripts/harness/launch-server.mjs";

export { startLettaServer, LETTA_MODEL } from "../../scripts/harness/launch-server.mjs";
export type { LettaServer };

export const NEW_AGENT: RuntimeSelection = { kind: "new-agent", name: "it", model: LETTA_MODEL };

/** A session against the real server, in standard mode so that writes ask for approval. */
export function testSession(
  server: LettaServer,
  selection: RuntimeSelection = NEW_AGENT,
  extra: Partial<CliConfig> = {},
  transport: Partial<ControllerOptions> = {},
): Promise<Session> {
  return openSession(
    { url: server.url, attach: { selection, mode: "standard", cwd: server.workDir }, startTimeoutMs: 60_000, ...extra },
    "0.0.0-test",
    transport,
  );
}

/** Reconnect quickly in tests; the real schedule starts at 1 s. */
export const FAST_RECONNECT: Partial<ControllerOptions> = {
  backoff: { initialMs: 100, maxMs: 500, giveUpAfterMs: 60_000 },
};

export { sleep, waitFor } from "../wait.js";

/**
 * The runtime on screen, as the store holds it: the store's `active` is the one truth (the
 * controller keeps no copy), so tests read it where the UI does. `state` defaults to now.
 */
export function runtimeOf(state: AppState, _session?: Session): RuntimeState {
  const rt = state.active ? state.runtimes[state.active] : undefined;
  if (!rt) throw new Error("not attached");
  return rt;
}

/** The scope of the runtime on screen (see runtimeOf). */
export function activeScope(session: Session): RuntimeScope {
  return runtimeOf(session.store.getState()).scope;
}

export function transcript(session: Session): TranscriptItem[] {
  const rt = runtimeOf(session.store.getState(), session);
  return allItems(rt.transcript);
}

/** Text of every tool result the model has been sent so far (role "tool" messages). */
export function toolResultsSeenByModel(server: LettaServer): string[] {
  const out: string[] = [];
  for (const body of server.model.requests as Array<{ messages?: Array<{ role?: string; content?: unknown }> }>) {
    for (const m of body.messages ?? []) {
      if (m.role !== "tool") continue;
      out.push(typeof m.content === "string" ? m.content : JSON.stringify(m.content));
    }
  }
  return out;
}
