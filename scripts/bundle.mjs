// The program as one file: dist/cli/letta-tui.mjs, what bin/letta-tui.js runs. tsc's output
// (dist/**/*.js) is bundled with its dependencies by esbuild, so a start loads one module
// instead of some 1,250 (Ink, React, zod, highlight.js grammars...): about a third of the
// start-up time (`npm run bench -- --only start-up`). Tests and the bench import tsc's modules
// directly; they are kept.
//
// Next to dist/cli/main.js on purpose: src/cli/version.ts finds package.json from its own
// module's URL, two folders up, which holds for both.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

await build({
  entryPoints: [here("../dist/cli/main.js")],
  outfile: here("../dist/cli/letta-tui.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  // NODE_ENV stays a run-time choice (bin/letta-tui.js defaults it to production): React picks
  // its build when first loaded, and LETTA_TUI developers may still ask for the development one.
  alias: { "react-devtools-core": here("./bundle/react-devtools-core.mjs") },
  // CommonJS dependencies bundled into ESM still call require() for Node's own modules.
  banner: { js: "import { createRequire as __letta_tui_require } from 'node:module'; const require = __letta_tui_require(import.meta.url);" },
  logLevel: "warning",
  legalComments: "linked",
});
