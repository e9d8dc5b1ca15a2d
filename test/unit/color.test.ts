import { describe, expect, it } from "vitest";
import { colorEnabled, selectionMark } from "../../src/ui/color.js";

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

describe("the selection without colour", () => {
  // Without colour chalk drops inverse video: the selected option or row must still show.
  const card = { type: "control_request", request_id: "perm-c", request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "make" }, tool_call_id: "c" } };
  const optionLine = (screen: string, n: number) => screen.split("\n").find((l) => l.includes(`${n}. `)) ?? "";

  it("points at the highlighted option of a card; lists mark their selected row the same way", async () => {
    const { KEY, mountApp } = await import("./ui-harness.js");
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = "1";
    try {
      const h = await mountApp();
      h.frame(card);
      await h.waitFor("the card", (x) => x.includes("1. Yes"));
      await h.pause();
      await h.press(KEY.down);
      const s = await h.waitFor("option 2 pointed at", (x) => optionLine(x, 2).includes("› 2. "));
      expect(optionLine(s, 1)).not.toContain("›");
      expect(selectionMark(true)).toBe("› ");
      expect(selectionMark(false)).toBe("");
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it("marks nothing extra where colour shows the selection", () => {
    const saved = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = "1";
    try {
      expect(selectionMark(true)).toBe("");
    } finally {
      if (saved === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = saved;
    }
  });
});
