import { Box, Text } from "ink";
import { catalogFrom, catalogOf, pickModel, type ModelCatalog, type ModelChoice } from "../../store/models.js";
import { applyModel, MODEL_VIEW } from "../commands/model.js";
import { activeRuntime } from "../commands/server.js";
import { formatTokens } from "../format.js";
import { wrapped } from "../layout/rows.js";
import { pickerHeight, PickerView, type PickerItem } from "../pickers/Picker.js";
import { sanitizeLine } from "../sanitize.js";
import type { ViewEntry, World } from "../state/uiState.js";
import { listKey, listPaste } from "./listView.js";
import type { ViewDef, ViewStep } from "./view.js";

// `/model`: the models the server lists (label, handle, context window, reasoning effort where
// an entry stands for one), the one in use marked; Enter applies the highlighted one to this
// conversation with update_model and closes. Opened by `/model HANDLE` before any list was loaded, it
// checks HANDLE against the list first and applies it only if the server lists it.

export const MODEL_TITLE = "Models this server lists: Enter uses one for this conversation";
export const MODELS_LOADING = "loading the server's models…";
const LIST = "list";
const EMPTY: ModelCatalog = { entries: [], handles: [] };

/** One row per entry; its key is its place in the list (ids repeat across efforts of one handle). */
export function modelItems(catalog: ModelCatalog, current: string | undefined): PickerItem[] {
  return catalog.entries.map((e, i) => ({
    key: String(i),
    label: `${e.handle === current ? "● " : "  "}${e.label}${e.effort ? ` (effort ${e.effort})` : ""}`,
    detail: `${e.handle} · ${e.contextWindow ? `${formatTokens(e.contextWindow)} context` : "context window not given"}`,
  }));
}

const currentModel = (world: World) => activeRuntime(world)?.model;
const indexOfCurrent = (catalog: ModelCatalog, world: World) => Math.max(0, catalog.entries.findIndex((e) => e.handle === currentModel(world)));

/**
 * Send update_model for `choice` and close. The answer goes to the command, not to this view:
 * a view closed before its answer came would drop a refusal, and the command's is one line in
 * the transcript. A success shows on the status line at once.
 */
function apply(entry: ViewEntry, catalog: ModelCatalog, choice: ModelChoice, world: World): ViewStep {
  const rt = activeRuntime(world);
  if (!rt) return { entry: { ...entry, note: "no conversation on screen to switch" } };
  return { entry: null, effects: [applyModel(rt, catalog, choice, { to: "model", tag: choice.handle })] };
}

function listArrived(entry: ViewEntry, catalog: ModelCatalog, world: World): ViewStep {
  // Over the last list, the person may have moved or filtered already: that stays.
  const listed: ViewEntry = entry.models ? { ...entry, models: catalog } : { ...entry, models: catalog, selected: indexOfCurrent(catalog, world), note: undefined };
  if (!entry.args) return { entry: listed };
  const pick = pickModel(catalog, entry.args);
  // Refused here, before anything is sent; the list stays up to pick from.
  return pick.ok ? apply(listed, catalog, pick.choice, world) : { entry: { ...listed, args: undefined, note: pick.error } };
}

export const modelPicker: ViewDef = {
  context: "picker",
  placement: "panel",
  available: (world) => Boolean(activeRuntime(world)),
  open(world, _ui, args) {
    // The last list shows at once (and the one in use is highlighted); the server's answer replaces it.
    const cached = args ? undefined : catalogOf(world.app, activeRuntime(world));
    return {
      entry: { id: MODEL_VIEW, ...(cached ? { models: cached, selected: indexOfCurrent(cached, world) } : {}), ...(args ? { args } : {}) },
      effects: [{ kind: "request", command: { type: "list_models" }, expect: "list_models_response", reply: { to: MODEL_VIEW, tag: LIST } }],
    };
  },
  key(entry, input, key, world) {
    const catalog = entry.models ?? EMPTY;
    const r = listKey(entry, modelItems(catalog, currentModel(world)), input, key);
    if (r.outcome?.kind === "cancel") return { entry: null };
    // Nothing to apply before the list is there.
    if (r.outcome?.kind !== "pick" || !entry.models) return { entry: r.entry };
    const choice = catalog.entries[Number(r.outcome.key)];
    return choice ? apply(r.entry, catalog, choice, world) : { entry: r.entry };
  },
  paste: listPaste,
  reply(entry, tag, result, world) {
    if (tag !== LIST) return { entry };
    if (result.ok && result.frame.type === "list_models_response") return listArrived(entry, catalogFrom(result.frame), world);
    const error = result.ok ? `unexpected ${result.frame.type}` : result.error;
    return { entry: { ...entry, models: entry.models ?? EMPTY, args: undefined, note: `the server did not list its models: ${error}` } };
  },
  rows: (entry, world, width) => modelPickerRows(entry, world, width),
  View: ({ entry, world, width }) => (
    <Box flexDirection="column">
      {entry.note ? <Text color="yellow">{sanitizeLine(entry.note)}</Text> : null}
      {entry.models ? <PickerView {...pickerProps(entry, entry.models, world)} /> : <Text color="gray">{MODELS_LOADING}</Text>}
    </Box>
  ),
};

function pickerProps(entry: ViewEntry, catalog: ModelCatalog, world: World) {
  return { title: MODEL_TITLE, items: modelItems(catalog, currentModel(world)), emptyText: "the server lists no models", query: entry.query ?? "", selected: entry.selected ?? 0 };
}

/** Its note (wrapped), then the picker, or the loading line until the list arrives. */
export function modelPickerRows(entry: ViewEntry, world: World, width: number): number {
  const note = wrapped(entry.note ? sanitizeLine(entry.note) : undefined, width);
  return note + (entry.models ? pickerHeight(width, pickerProps(entry, entry.models, world)) : wrapped(MODELS_LOADING, width));
}
