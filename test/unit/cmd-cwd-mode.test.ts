import { describe, expect, it } from "vitest";
import { completionBase, resolveCwd } from "../../src/ui/commands/cwd.js";
import type { KnownFrame } from "../../src/protocol/frames.js";
import type { Effect, Msg } from "../../src/ui/state/uiState.js";
import { attachedStore, dispatchFrame } from "./ui-harness.js";
import { DOWN, ENTER, ESC, key, session, TAB } from "./ui-driver.js";

// /cwd and /mode (src/ui/commands/cwd.ts, mode.ts, views/modes.tsx), driven through update with
// no Ink: what goes out, what comes back, and what is left on screen when the server says no.

const CWD = "/work/project";

/** A store whose runtime reports this cwd and mode, as update_device_status does. */
function storeAt(cwd: string | null, mode = "standard") {
  const store = attachedStore();
  dispatchFrame(store, {
    type: "update_device_status",
    event_seq: 1,
    device_status: { current_working_directory: cwd, current_permission_mode: mode },
  });
  return store;
}

type Request = Extract<Effect, { kind: "request" }>;
const requests = (effects: readonly Effect[]): Request[] => effects.filter((e): e is Request => e.kind === "request");
const listed = (folders: string[]): KnownFrame => ({ type: "list_in_directory_response", request_id: "x", success: true, folders });
const answer = (r: Request, result: Extract<Msg, { type: "reply" }>["result"]): Msg => ({ type: "reply", to: r.reply.to, tag: r.reply.tag, result });
const palette = (s: ReturnType<typeof session>) => s.ui.views.find((v) => v.id === "palette");

describe("/cwd PATH", () => {
  it("resolves a path against the runtime's cwd, not ours; refuses ~ and a relative path with no cwd known", () => {
    expect(resolveCwd("sub/dir", CWD)).toEqual({ path: "/work/project/sub/dir" });
    expect(resolveCwd("../other/", CWD)).toEqual({ path: "/work/other" });
    expect(resolveCwd("/tmp//x/", CWD)).toEqual({ path: "/tmp/x" });
    expect(resolveCwd("/", CWD)).toEqual({ path: "/" });
    expect(resolveCwd("~/x", CWD)).toMatchObject({ error: expect.stringMatching(/does not expand ~/) });
    expect(resolveCwd("sub", undefined)).toMatchObject({ error: expect.stringMatching(/absolute path/) });
    expect(completionBase("src/u", CWD)).toEqual({ dir: "/work/project/src", prefix: "u", head: "src/" });
    expect(completionBase("sr", CWD)).toEqual({ dir: "/work/project", prefix: "sr", head: "" });
    expect(completionBase("/tm", CWD)).toEqual({ dir: "/", prefix: "tm", head: "/" });
  });

  it("lists the directory first and changes only once it exists; the line stays while it is checked", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/cwd ../other").send(ENTER);
    const [check] = requests(s.effects);
    expect(check?.command).toEqual({ type: "list_in_directory", path: "/work/other" });
    expect(s.kinds()).not.toContain("set-cwd");
    expect(palette(s)).toMatchObject({ field: { value: "/cwd ../other" }, note: "checking…" });
    // Enter again while it is out does not ask twice.
    s.send(ENTER);
    expect(requests(s.effects)).toHaveLength(1);
    s.send(answer(check!, { ok: true, frame: listed(["a"]) }));
    expect(s.effects.filter((e) => e.kind === "set-cwd")).toEqual([{ kind: "set-cwd", path: "/work/other" }]);
    expect(s.ui.views).toEqual([]);
    expect(s.ui.sent.entries.at(-1)).toBe("/cwd ../other");
  });

  it("a directory that does not exist is refused with one line, nothing changed, the line kept", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/cwd nope").send(ENTER);
    const [check] = requests(s.effects);
    s.send(answer(check!, { ok: false, error: "ENOENT: no such file or directory, scandir '/work/project/nope'" }));
    expect(s.kinds()).not.toContain("set-cwd");
    expect(palette(s)).toMatchObject({ field: { value: "/cwd nope" } });
    expect(palette(s)?.note).toMatch(/^no such directory there: \/work\/project\/nope; the working directory is unchanged$/);
    // Esc gives the line back to the input: nothing typed is lost.
    s.send(ESC);
    expect(s.ui.draft.value).toBe("/cwd nope");
  });

  it("typed in full on the input line, it takes the same path (checked, then changed)", () => {
    const s = session({ store: storeAt(CWD) });
    s.send({ type: "paste", text: "/cwd /srv" }, ENTER);
    const [check] = requests(s.effects);
    expect(check?.command).toEqual({ type: "list_in_directory", path: "/srv" });
    s.send(answer(check!, { ok: true, frame: listed([]) }));
    expect(s.effects.at(-1)).toEqual({ kind: "set-cwd", path: "/srv" });
  });

  it("Esc while the check is out drops its answer: nothing changes", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/cwd /srv").send(ENTER);
    const [check] = requests(s.effects);
    s.send(ESC, answer(check!, { ok: true, frame: listed([]) }));
    expect(s.kinds()).not.toContain("set-cwd");
  });

  it("an edit while the check is out makes its answer stale", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/cwd /srv").send(ENTER);
    const [check] = requests(s.effects);
    s.type("x").send(answer(check!, { ok: true, frame: listed([]) }));
    expect(s.kinds()).not.toContain("set-cwd");
    expect(palette(s)?.field?.value).toBe("/cwd /srvx");
  });

  it("Tab asks the server for the folders, and completes with them when they come", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/cwd src/u").send(TAB);
    const [ask] = requests(s.effects);
    expect(ask?.command).toEqual({ type: "list_in_directory", path: "/work/project/src" });
    expect(palette(s)?.note).toBe("looking…");
    s.send(answer(ask!, { ok: true, frame: listed(["ui", "util", ".udir", "views"]) }));
    // Two match: their common part, and both listed; the hidden one only when asked for.
    expect(palette(s)).toMatchObject({ field: { value: "/cwd src/u" }, note: "src/ui/  src/util/" });
    s.type("i").send(TAB);
    const second = requests(s.effects)[1]!;
    s.send(answer(second, { ok: true, frame: listed(["ui", "util"]) }));
    expect(palette(s)?.field?.value).toBe("/cwd src/ui/");
  });

  it("a completion for a line since edited is dropped; a failed listing is one line", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/cwd sr").send(TAB);
    const [ask] = requests(s.effects);
    s.type("c").send(answer(ask!, { ok: true, frame: listed(["src"]) }));
    expect(palette(s)?.field?.value).toBe("/cwd src");
    s.send(TAB);
    const second = requests(s.effects)[1]!;
    s.send(answer(second, { ok: false, error: "EACCES: permission denied" }));
    expect(palette(s)).toMatchObject({ field: { value: "/cwd src" }, note: "EACCES: permission denied" });
    s.send(TAB);
    s.send(answer(requests(s.effects)[2]!, { ok: true, frame: listed(["lib"]) }));
    expect(palette(s)?.note).toBe("nothing to complete");
  });
});

describe("/mode [MODE]", () => {
  it("switches with the mode named (any case); refuses one that is not a mode with the line kept", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/mode acceptedits").send(ENTER);
    expect(s.effects.filter((e) => e.kind === "set-mode")).toEqual([{ kind: "set-mode", mode: "acceptEdits" }]);
    s.type("/mode plan").send(ENTER);
    expect(s.effects.filter((e) => e.kind === "set-mode")).toHaveLength(1);
    expect(palette(s)).toMatchObject({ field: { value: "/mode plan" }, note: "plan is not a mode: one of standard, acceptEdits, unrestricted, strict" });
  });

  it("Tab completes a mode's name", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/mode unr").send(TAB);
    expect(palette(s)?.field?.value).toBe("/mode unrestricted");
  });

  it("bare, it lists the four modes with what each means, at the one in force; Enter switches", async () => {
    const { modeItems } = await import("../../src/ui/views/modes.js");
    const s = session({ store: storeAt(CWD, "unrestricted") });
    s.type("/mode").send(ENTER);
    expect(s.ui.views.at(-1)).toMatchObject({ id: "modes", selected: 2 });
    const items = modeItems({ app: s.store.getState(), serverLog: false, listen: false });
    expect(items.map((i) => i.label)).toEqual(["standard", "acceptEdits", "unrestricted (now)", "strict"]);
    expect(items.every((i) => (i.detail ?? "").length > 20)).toBe(true);
    s.send(DOWN, ENTER);
    expect(s.effects.filter((e) => e.kind === "set-mode")).toEqual([{ kind: "set-mode", mode: "strict" }]);
    expect(s.ui.views).toEqual([]);
  });

  it("Esc closes the list with nothing sent", () => {
    const s = session({ store: storeAt(CWD) });
    s.type("/mode").send(ENTER, key("", { escape: true }));
    expect(s.ui.views).toEqual([]);
    expect(s.kinds()).not.toContain("set-mode");
  });
});
