import { runtimeLabel } from "../components/RuntimeTabs.js";
import { EnvironmentsView, environmentItems } from "../components/EnvironmentsView.js";
import { runtimesAtWork } from "../state/quit.js";
import type { ViewDef } from "./view.js";
import { listKey, listPaste } from "./listView.js";

/** What Esc on the list says while no runtime is attached yet (there is nothing to go back to). */
export const ESC_HINT = "nothing attached yet: pick a runtime with Enter, or press Ctrl+C twice to quit";

/**
 * `letta-tui listen` (Ctrl+G): the runtimes that dialled in, drawn instead of the session.
 * The session stays in the UI state underneath: going back finds the draft and toggles as left.
 */
export const environments: ViewDef = {
  context: "picker",
  placement: "screen",
  available: (world) => world.listen,
  open: () => ({ entry: { id: "environments" } }),
  key(entry, input, key, world, ui) {
    const r = listKey(entry, environmentItems(ui.environments), input, key);
    if (r.outcome?.kind === "cancel") {
      // Esc goes back to the runtimes attached, if any; it never quits (a stray Esc on an empty
      // list used to end the program and with it every runtime's connection): Ctrl+C does.
      return Object.keys(world.app.runtimes).length ? { entry: null } : { entry: { ...r.entry, note: ESC_HINT } };
    }
    if (r.outcome?.kind === "pick") {
      const picked = r.outcome.key;
      const env = ui.environments.find((e) => e.key === picked);
      // One attach at a time: a second Enter while one is under way would start a second.
      if (!env || entry.pending) return { entry: r.entry };
      return { entry: { ...r.entry, pending: true, note: `attaching to ${env.name}…` }, effects: [{ kind: "attach-environment", key: env.key, name: env.name }] };
    }
    return { entry: r.entry };
  },
  paste: listPaste,
  View: ({ entry, ui, world, instructions }) => (
    <EnvironmentsView
      instructions={instructions ?? []}
      environments={ui.environments}
      query={entry.query ?? ""}
      selected={entry.selected ?? 0}
      busy={entry.note}
      quitGuard={{
        armed: ui.quit.armedAt !== undefined,
        confirming: ui.quit.confirming,
        atWork: runtimesAtWork(world.app).map((rt) => runtimeLabel(rt, Object.values(world.app.runtimes))),
      }}
    />
  ),
};
