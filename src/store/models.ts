import type { UpdateModelCommand } from "../protocol/commands-state.js";
import type { ListModelsResult } from "../protocol/responses.js";
import { own } from "./own.js";
import type { AppState, RuntimeState } from "./state.js";

// The models a host lists (list_models), kept per host: `/model HANDLE` is checked against the
// last list before anything is sent (0.32.18 accepts any handle, and only the next turn fails),
// and Tab completes handles from it without asking the server again.

/** One entry of the list, as the picker shows it and `/model` applies it. */
export interface ModelChoice {
  /** The catalog id (model_id): an entry that stands for one reasoning effort is told apart by it. */
  readonly id: string;
  readonly handle: string;
  readonly label: string;
  /** updateArgs.context_window: the window this model gets. */
  readonly contextWindow?: number;
  /** updateArgs.reasoning_effort, where the entry offers one (one entry per effort). */
  readonly effort?: string;
}

export interface ModelCatalog {
  readonly entries: readonly ModelChoice[];
  /**
   * Every handle the server accepts: its entries' and `available_handles` (which 0.32.18's
   * local backend sends empty, so the entries are what counts there).
   */
  readonly handles: readonly string[];
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined);

export function catalogFrom(frame: ListModelsResult): ModelCatalog {
  const entries = frame.entries.map((e): ModelChoice => {
    const window = num(e.updateArgs?.["context_window"]);
    const effort = e.updateArgs?.["reasoning_effort"];
    return {
      id: e.id,
      handle: e.handle ?? e.id,
      label: e.label ?? e.id,
      ...(window !== undefined ? { contextWindow: window } : {}),
      ...(typeof effort === "string" && effort ? { effort } : {}),
    };
  });
  const handles = [...new Set([...entries.map((e) => e.handle), ...(frame.available_handles ?? [])])];
  return { entries, handles };
}

/** The last list of the host `rt` lives on (the one its commands go to). */
export function catalogOf(state: AppState, rt: RuntimeState | undefined): ModelCatalog | undefined {
  return rt ? own(state.models ?? {}, rt.host ?? "") : undefined;
}

/** The window the list gives `handle` (its first entry's). */
export function listedWindow(catalog: ModelCatalog | undefined, handle: string | undefined): number | undefined {
  return handle ? catalog?.entries.find((e) => e.handle === handle && e.contextWindow !== undefined)?.contextWindow : undefined;
}

/** What `/model NAME [EFFORT]` means against a list: the entry to apply, or why not (one line). */
export type ModelPick = { ok: true; choice: ModelChoice } | { ok: false; error: string };

/**
 * NAME is a handle or an entry's id; EFFORT picks among the entries of one handle that stand
 * for reasoning efforts. A handle only `available_handles` names is applied by handle alone.
 */
export function pickModel(catalog: ModelCatalog, args: string): ModelPick {
  const [name = "", effort, ...rest] = args.trim().split(/\s+/);
  if (rest.length) return { ok: false, error: `/model takes a handle and an optional effort, not "${args.trim()}"` };
  const byId = catalog.entries.find((e) => e.id === name);
  const ofHandle = catalog.entries.filter((e) => e.handle === (byId?.handle ?? name));
  if (ofHandle.length === 0) {
    if (!catalog.handles.includes(name)) return { ok: false, error: `${name} is not a model this server lists (/model shows the list)` };
    return effort ? { ok: false, error: `${name} offers no reasoning effort to choose` } : { ok: true, choice: { id: name, handle: name, label: name } };
  }
  if (!effort) return { ok: true, choice: byId ?? ofHandle[0]! };
  const offered = effortsOf(catalog, ofHandle[0]!.handle);
  const chosen = ofHandle.find((e) => e.effort === effort);
  if (chosen) return { ok: true, choice: chosen };
  return { ok: false, error: offered.length ? `${ofHandle[0]!.handle} offers effort ${offered.join(", ")}, not "${effort}"` : `${ofHandle[0]!.handle} offers no reasoning effort to choose` };
}

/** The efforts the entries of `handle` stand for, in the list's order. */
export function effortsOf(catalog: ModelCatalog, handle: string): string[] {
  return [...new Set(catalog.entries.filter((e) => e.handle === handle && e.effort).map((e) => e.effort!))];
}

/**
 * The update_model payload for a choice: the id only where it tells entries of one handle apart
 * (an effort); a native model's id is no catalog id, and the server resolves it by handle.
 */
export function updatePayload(catalog: ModelCatalog | undefined, choice: ModelChoice): UpdateModelCommand["payload"] {
  const siblings = catalog?.entries.filter((e) => e.handle === choice.handle).length ?? 0;
  return choice.effort || siblings > 1 ? { model_id: choice.id, model_handle: choice.handle } : { model_handle: choice.handle };
}
