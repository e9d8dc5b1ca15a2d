#!/usr/bin/env node
// Thin launcher: the program lives in dist/ (built by `npm run build`, run on install), bundled
// into one module (scripts/bundle.mjs) so a start loads one file, not a thousand.

// Ink styles through chalk, which honours FORCE_COLOR but not NO_COLOR (no-color.org); map one
// onto the other before chalk is loaded. NO_COLOR wins over FORCE_COLOR, as in src/ui/color.ts.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = "0";

// React (through Ink) picks its build when first loaded: the development build checks and warns
// on every render, several times slower. Users get production unless they ask otherwise.
process.env.NODE_ENV ??= "production";

const { main } = await import("../dist/cli/letta-tui.mjs");

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    // Last resort: still one line, unless the user asks for the details.
    process.stderr.write(`letta-tui: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.LETTA_TUI_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ""}\n`);
    process.exit(1);
  },
);
