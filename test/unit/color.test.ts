import { describe, expect, it } from "vitest";
import { colorEnabled } from "../../src/ui/color.js";

describe("colour", () => {
  it("follows NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal", () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: "0" }, true)).toBe(false);
    // An empty NO_COLOR does not count (no-color.org).
    expect(colorEnabled({ NO_COLOR: "" }, true)).toBe(true);
  });
});

describe("the launcher", () => {
  it("turns chalk's colour off under NO_COLOR even when FORCE_COLOR is set too", async () => {
    const { execFileSync } = await import("node:child_process");
    // A terminal-independent check: what chalk decides in the launched program's process.
    const out = execFileSync(process.execPath, ["bin/letta-tui.js", "--version"], {
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "3", NODE_OPTIONS: "--import ./test/fixtures/print-force-color.mjs" },
      encoding: "utf8",
    });
    expect(out).toContain("FORCE_COLOR=0");
  });

  it("gives users React's production build unless NODE_ENV says otherwise", async () => {
    const { execFileSync } = await import("node:child_process");
    const run = (env: Record<string, string | undefined>) =>
      execFileSync(process.execPath, ["bin/letta-tui.js", "--version"], { env: { ...process.env, NODE_ENV: undefined, ...env, NODE_OPTIONS: "--import ./test/fixtures/print-force-color.mjs" }, encoding: "utf8" });
    expect(run({})).toContain("NODE_ENV=production");
    expect(run({ NODE_ENV: "development" })).toContain("NODE_ENV=development");
  });
});
