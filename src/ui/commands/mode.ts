import { PERMISSION_MODES, PermissionModeSchema } from "../../protocol/runtime.js";
import type { World } from "../state/uiState.js";
import type { SlashCommand } from "./command.js";

// `/mode [MODE]`: the permission mode of the conversation on screen (change_device_state, as
// Shift+Tab sends it). Bare, it opens the four modes explained (views/modes.tsx).

const attached = (world: World): boolean => !!(world.app.active && world.app.runtimes[world.app.active]);

export const mode: SlashCommand = {
  name: "mode",
  args: "[MODE]",
  description: "permission mode: what the agent may do without asking (the four explained)",
  available: attached,
  complete: (args) => PERMISSION_MODES.filter((m) => m.toLowerCase().startsWith(args.toLowerCase())),
  run(args) {
    if (!args) return { view: "modes" };
    const parsed = PermissionModeSchema.safeParse(PERMISSION_MODES.find((m) => m.toLowerCase() === args.toLowerCase()));
    if (!parsed.success) return { error: `${args} is not a mode: one of ${PERMISSION_MODES.join(", ")}` };
    return { effects: [{ kind: "set-mode", mode: parsed.data }] };
  },
};
