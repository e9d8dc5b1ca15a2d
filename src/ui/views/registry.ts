import { about } from "./about.js";
import { AGENTS, agentsView } from "./agents.js";
import { conversations } from "./conversations.js";
import { cron } from "./cron.js";
import { environments } from "./environments.js";
import { forkPoint } from "./forkPoint.js";
import { help } from "./help.js";
import { memory } from "./memory.js";
import { modes } from "./modes.js";
import { modelPicker } from "./modelPicker.js";
import { palette } from "./palette.js";
import { READER, reader } from "../reader/view.js";
import { skills } from "./skills.js";
import { tasks } from "./tasks.js";
import type { ViewDef } from "./view.js";

// Every view that can be opened on the stack, by id. A new view: its file, and a line here
// (plus, if a key opens it, an `open-view` line in keymap.ts naming its id).
export const VIEWS: Readonly<Record<string, ViewDef>> = {
  help,
  conversations,
  environments,
  about,
  palette,
  "fork-point": forkPoint,
  cron,
  skills,
  memory,
  tasks,
  [AGENTS]: agentsView,
  modes,
  "model-picker": modelPicker,
  [READER]: reader,
};
