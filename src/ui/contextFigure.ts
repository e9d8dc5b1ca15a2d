import { listedWindow, type ModelCatalog } from "../store/models.js";
import type { RuntimeState } from "../store/state.js";
import { formatTokens } from "./format.js";

// The status line's context figure: the last call's context tokens against the window, e.g.
// "ctx 23k/128k", yellow past 80 % and red past 95 % with a hint to /compact.

/** Past this share of the window the figure is yellow; past FULL, red. */
export const CONTEXT_HIGH = 0.8;
export const CONTEXT_FULL = 0.95;

export type ContextLevel = "ok" | "high" | "full";
export interface ContextFigure {
  readonly text: string;
  readonly level: ContextLevel;
}

/**
 * The window in force, most specific first: the conversation's own limit, what update_model
 * applied, what the model list gives the model, the agent's.
 */
export function contextWindowOf(rt: RuntimeState, catalog: ModelCatalog | undefined): number | undefined {
  const w = rt.windows;
  return w?.conversation ?? w?.settings ?? listedWindow(catalog, rt.model) ?? w?.agent;
}

/** Nothing until a figure is known; the window alone ("ctx ?/128k") before the first call. */
export function contextFigure(rt: RuntimeState | undefined, catalog: ModelCatalog | undefined): ContextFigure | undefined {
  if (!rt) return undefined;
  const window = contextWindowOf(rt, catalog);
  const tokens = rt.contextTokens;
  if (tokens === undefined) return window ? { text: `ctx ?/${formatTokens(window)}`, level: "ok" } : undefined;
  if (!window) return { text: `ctx ${formatTokens(tokens)}`, level: "ok" };
  const share = tokens / window;
  const level: ContextLevel = share > CONTEXT_FULL ? "full" : share > CONTEXT_HIGH ? "high" : "ok";
  const text = `ctx ${formatTokens(tokens)}/${formatTokens(window)}`;
  return { text: level === "full" ? `${text} ${Math.floor(share * 100)}% · /compact to free it` : text, level };
}
