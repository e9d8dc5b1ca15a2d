import { HelpOverlay } from "../components/HelpOverlay.js";
import { actionFor } from "../keymap.js";
import type { ViewDef } from "./view.js";

/** Every key, generated from the keymap, paged to the rows the layout leaves it. */
export const help: ViewDef = {
  context: "help",
  placement: "panel",
  open: () => ({ entry: { id: "help", page: 0 } }),
  key(entry, input, key, _world, ui) {
    const page = entry.page ?? 0;
    switch (actionFor("help", input, key)) {
      case "page-prev":
        // Clamped first: after a resize there may be fewer pages than the one we were on.
        return { entry: { ...entry, page: Math.max(0, Math.min(page, ui.helpPages - 1) - 1) } };
      case "page-next":
        return { entry: { ...entry, page: Math.min(page + 1, ui.helpPages - 1) } };
      case "close":
        return { entry: null };
      default:
        return { entry };
    }
  },
  View: ({ entry, height, width }) => <HelpOverlay page={entry.page ?? 0} height={height} width={width} />,
};
