import { describe, expect, it } from "vitest";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import type { Effect, Msg } from "../../src/ui/state/uiState.js";
import { skillsLines } from "../../src/ui/views/skills.js";
import { dispatchFrame } from "./ui-harness.js";
import { DOWN, ENTER, ESC, key, session, UP } from "./ui-driver.js";

// /skills through update, with no Ink: the list the store kept, and enable / disable.

const known = (json: Record<string, unknown>): KnownFrame => {
  const p = parseFrame(JSON.stringify(json));
  if (p.kind !== "frame") throw new Error(JSON.stringify(p));
  return p.frame;
};
const BUNDLED = { id: "letta-guide", name: "letta-guide", description: "Read the docs", path: "/pkg/skills/letta-guide/SKILL.md", source: "bundled" };
const GLOBAL = { id: "tidy-notes", name: "tidy-notes", description: "Keep notes tidy", path: "/home/u/.letta/skills/tidy-notes/SKILL.md", source: "global" };
const device = (skills: unknown[], tools: string[] = skills.length ? ["Bash"] : []) => ({
  type: "update_device_status",
  device_status: { current_available_skills: skills, current_loaded_tools: tools },
});
const requests = (effects: readonly Effect[]) => effects.flatMap((e) => (e.kind === "request" ? [e.command] : []));
const top = (s: ReturnType<typeof session>) => s.ui.views.at(-1);
const text = (s: ReturnType<typeof session>) => skillsLines(top(s)!, { app: s.store.getState(), serverLog: false, listen: false }).map((l) => ("text" in l ? l.text : `[${l.field.value}]`)).join("\n");
const answer = (frame: Record<string, unknown>): Msg => ({ type: "reply", to: "skills", tag: String(frame.type), result: { ok: true, frame: known(frame) } });

function opened(...frames: Record<string, unknown>[]) {
  const s = session();
  for (const f of frames) dispatchFrame(s.store, f);
  s.type("/skills").send(ENTER);
  return s;
}

describe("/skills", () => {
  it("keeps the last full list: an idle sync's empty one does not erase it", () => {
    const s = opened(device([BUNDLED, GLOBAL]), device([]));
    expect(text(s)).toMatch(/● tidy-notes\s+global\s+on · Keep notes tidy/);
    expect(text(s)).toMatch(/● letta-guide\s+bundled\s+on · Read the docs/);
  });

  it("says the list comes with a turn when the server has not given one yet", () => {
    const s = opened(device([]));
    expect(text(s)).toContain("not listed yet: the server names them when a turn starts");
    // It fills in while open: the rows are the store's.
    dispatchFrame(s.store, device([BUNDLED]));
    expect(text(s)).toContain("letta-guide");
  });

  it("enables a directory with skill_enable; until listed it shows as enabled here", () => {
    const s = opened(device([BUNDLED]));
    s.send(key("e")).send(ENTER);
    expect(top(s)?.note).toBe("type the skill's directory (the one holding SKILL.md)");
    s.type("/srv/skills/tidy-notes").send(ENTER);
    expect(requests(s.effects)).toEqual([{ type: "skill_enable", skill_path: "/srv/skills/tidy-notes" }]);
    const frame = { type: "skill_enable_response", request_id: "r", success: true, name: "tidy-notes", skill_path: "/srv/skills/tidy-notes", link_path: "/home/u/.letta/skills/tidy-notes" };
    dispatchFrame(s.store, frame);
    s.send(answer(frame));
    expect(top(s)).toMatchObject({ step: undefined, note: "enabled tidy-notes: the agent can load it from its next turn" });
    expect(text(s)).toMatch(/● tidy-notes\s+global\s+enabled here; listed from the next turn/);
    dispatchFrame(s.store, device([BUNDLED, GLOBAL]));
    expect(text(s)).toMatch(/● tidy-notes\s+global\s+on/);
  });

  it("disables only a global skill, by its link's name; the server's stale listing shows as disabled here", () => {
    const s = opened(device([BUNDLED, GLOBAL]));
    // Sorted: global before bundled.
    s.send(DOWN, key("d"));
    expect(requests(s.effects)).toEqual([]);
    expect(top(s)?.note).toBe("letta-guide is a bundled skill: only global ones (links in the server's ~/.letta/skills) can be disabled here");
    s.send(UP, key("d"));
    expect(requests(s.effects)).toEqual([{ type: "skill_disable", name: "tidy-notes" }]);
    dispatchFrame(s.store, { type: "skill_disable_response", request_id: "r", success: true, name: "tidy-notes" });
    // 0.32.18 goes on listing it after the next turn.
    dispatchFrame(s.store, device([BUNDLED, GLOBAL]));
    expect(text(s)).toMatch(/○ tidy-notes\s+global\s+disabled here/);
    s.send(key("d"));
    expect(top(s)?.note).toBe("tidy-notes is disabled already");
  });

  it("a refusal is one line, and the typed path stays", () => {
    const s = opened(device([BUNDLED]));
    s.send(key("e")).type("/nope").send(ENTER, { type: "reply", to: "skills", tag: "enable", result: { ok: false, error: "Path does not exist: /nope" } });
    expect(top(s)).toMatchObject({ step: "enable", field: { value: "/nope" }, note: "the server refused it: Path does not exist: /nope" });
    s.send(ESC, key("e"));
    expect(top(s)).toMatchObject({ field: { value: "/nope" } });
  });

  it("keeps toggles per server: another host's disable does not mark this one's skill", () => {
    const s = opened(device([GLOBAL]));
    s.store.dispatch({ type: "frame", parsed: parseFrame(JSON.stringify({ type: "skill_disable_response", request_id: "r", success: true, name: "tidy-notes" })), via: "ws://elsewhere" });
    expect(text(s)).toMatch(/● tidy-notes\s+global\s+on/);
  });
});
