import { catalogOf, effortsOf, pickModel, updatePayload, type ModelCatalog, type ModelChoice } from "../../store/models.js";
import type { RuntimeState } from "../../store/state.js";
import type { Effect } from "../state/uiState.js";
import type { SlashCommand } from "./command.js";
import { activeRuntime } from "./server.js";

// `/model`: the picker (views/modelPicker.tsx), or `/model HANDLE [EFFORT]` applied at once.
// A handle the server does not list is refused before anything is sent: 0.32.18 accepts any
// handle, and it is the next turn that fails ("Provider is not configured").

/** The model picker's view id (not "model": a reply to a view id never reaches a command). */
export const MODEL_VIEW = "model-picker";

/** The update_model request that applies `choice` to the runtime `rt`, answered as `reply` says. */
export function applyModel(rt: RuntimeState, catalog: ModelCatalog | undefined, choice: ModelChoice, reply: { to: string; tag: string }): Effect {
  return {
    kind: "request",
    command: { type: "update_model", runtime: rt.scope, payload: updatePayload(catalog, choice) },
    expect: "update_model_response",
    reply,
  };
}

/** Candidates that start with what was typed, else contain it (a handle is long: "fake" finds "llama.cpp/fake-model"). */
function matching(all: readonly string[], typed: string): string[] {
  const t = typed.toLowerCase();
  const starts = all.filter((s) => s.toLowerCase().startsWith(t));
  return starts.length ? starts : all.filter((s) => s.toLowerCase().includes(t));
}

export const model: SlashCommand = {
  name: "model",
  args: "[HANDLE [EFFORT]]",
  description: "this conversation's model: pick one from the server's list, or switch to HANDLE",
  available: (world) => Boolean(activeRuntime(world)),
  complete(args, world) {
    // From the last list only: Tab does not ask the server (open /model once to load it).
    const catalog = catalogOf(world.app, activeRuntime(world));
    if (!catalog) return [];
    const [handle = "", effort, ...rest] = args.split(/\s+/);
    if (rest.length) return [];
    const efforts = (h: string) => effortsOf(catalog, h).map((e) => `${h} ${e}`);
    if (effort !== undefined) return matching(efforts(handle), `${handle} ${effort}`);
    const handles = matching(catalog.handles, handle);
    // The whole handle typed: what is left to choose is its effort.
    return handles.length === 1 && handles[0] === handle && efforts(handle).length ? efforts(handle) : handles;
  },
  run(args, world) {
    const rt = activeRuntime(world);
    if (!rt) return { error: "/model needs a conversation on screen" };
    const catalog = catalogOf(world.app, rt);
    // No list yet: the picker loads it, and checks HANDLE against it before anything is sent.
    if (!args || !catalog) return { view: MODEL_VIEW };
    const pick = pickModel(catalog, args);
    if (!pick.ok) return { error: pick.error };
    return { effects: [applyModel(rt, catalog, pick.choice, { to: "model", tag: pick.choice.handle })] };
  },
  reply(tag, result) {
    // A success shows as the server's "Model updated to …" line, and on the status line.
    return result.ok ? [] : [{ kind: "notice", level: "error", text: `/model ${tag}: ${result.error}` }];
  },
};
