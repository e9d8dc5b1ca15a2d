import { describe, expect, it } from "vitest";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import type { Effect, Msg } from "../../src/ui/state/uiState.js";
import { cronLines } from "../../src/ui/views/cron.js";
import { RUNTIME, dispatchFrame } from "./ui-harness.js";
import { DOWN, ENTER, ESC, key, session } from "./ui-driver.js";

// /cron's steps through update, with no Ink: what each key sends, and what each answer shows.

const known = (json: Record<string, unknown>): KnownFrame => {
  const p = parseFrame(JSON.stringify(json));
  if (p.kind !== "frame") throw new Error(JSON.stringify(p));
  return p.frame;
};
const task = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id, agent_id: RUNTIME.agent_id, conversation_id: RUNTIME.conversation_id, name: `task ${id}`, description: "", cron: "0 9 * * *", timezone: "UTC",
  recurring: true, prompt: `prompt ${id}`, status, jitter_offset_ms: 0, fire_count: 0, ...extra,
});
const reply = (tag: string, frame: Record<string, unknown>): Msg => ({ type: "reply", to: "cron", tag, result: { ok: true, frame: known(frame) } });
const refused = (tag: string, error: string): Msg => ({ type: "reply", to: "cron", tag, result: { ok: false, error } });
const requests = (effects: readonly Effect[]) => effects.flatMap((e) => (e.kind === "request" ? [e.command] : []));
const top = (s: ReturnType<typeof session>) => s.ui.views.at(-1);
const listed = (...tasks: ReturnType<typeof task>[]) => reply("list", { type: "cron_list_response", request_id: "r", success: true, tasks });
const text = (s: ReturnType<typeof session>) => cronLines(top(s)!, { app: s.store.getState(), serverLog: false, listen: false }, Date.parse("2026-12-06T18:00:00Z")).map((l) => ("text" in l ? l.text : `[${l.field.value}]`));

function opened() {
  const s = session();
  s.type("/cron").send(ENTER);
  return s;
}

describe("/cron", () => {
  it("opens on the agent's schedules as cron_list answers, with each one's next run", () => {
    const s = opened();
    expect(top(s)).toMatchObject({ id: "cron", cronTasks: "loading" });
    expect(requests(s.effects)).toEqual([{ type: "cron_list", agent_id: RUNTIME.agent_id }]);
    s.send(listed(task("a", "active"), task("b", "paused", { cron: "*/15 * * * *" })));
    expect(text(s).join("\n")).toContain("● every day at 09:00 · next Mon 7 Dec 09:00 UTC · task a");
    expect(text(s).join("\n")).toContain("‖ every 15 minutes · paused · task b");
  });

  it("adds a schedule: the expression (refused until valid, previewed in words), then the prompt, for this conversation", () => {
    const s = opened().send(listed());
    s.send(key("a")).type("0 9 * * MON");
    expect(text(s)).toContain("only numbers, *, commas, - and / (the server takes no names like MON or JAN)");
    s.send(ENTER);
    expect(top(s)).toMatchObject({ step: "add-cron", note: expect.stringContaining("no names like MON") });
    for (let i = 0; i < 3; i++) s.send(key("", { backspace: true }));
    s.type("1-5");
    expect(text(s)).toContain("= every weekday (Monday to Friday) at 09:00");
    s.send(ENTER).type("summarise the news").send(ENTER);
    expect(requests(s.effects).at(-1)).toEqual({
      type: "cron_add", agent_id: RUNTIME.agent_id, conversation_id: RUNTIME.conversation_id, name: "summarise the news",
      description: "every weekday (Monday to Friday) at 09:00", cron: "0 9 * * 1-5", recurring: true, prompt: "summarise the news",
    });
    // Refused by the server: the form stays with what was typed, and says why.
    s.send(refused("add", "Agent has 50 active or paused tasks"));
    expect(top(s)).toMatchObject({ step: "add-prompt", field: { value: "summarise the news" }, note: "the server refused it: Agent has 50 active or paused tasks" });
    s.send(ENTER, reply("add", { type: "cron_add_response", request_id: "r", success: true, task: task("n", "active", { description: "every weekday (Monday to Friday) at 09:00" }) }));
    expect(top(s)).toMatchObject({ step: undefined, note: "added: every weekday (Monday to Friday) at 09:00" });
    // …and the list is fetched again from the server.
    expect(requests(s.effects).at(-1)).toEqual({ type: "cron_list", agent_id: RUNTIME.agent_id });
  });

  it("Esc walks back through the form without losing what was typed", () => {
    const s = opened().send(listed());
    s.send(key("a")).type("*/5 * * * *").send(ENTER).send(ESC);
    expect(top(s)).toMatchObject({ step: "add-cron", field: { value: "*/5 * * * *" } });
    s.send(ESC);
    expect(top(s)?.step).toBeUndefined();
    s.send(key("a"));
    expect(top(s)).toMatchObject({ step: "add-cron", field: { value: "*/5 * * * *" } });
  });

  it("pauses an active schedule, resumes a paused one, runs one now; each answer fetches the list again", () => {
    const s = opened().send(listed(task("a", "active"), task("b", "paused"), task("c", "fired")));
    s.send(key("p"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "cron_pause", task_id: "a" });
    s.send(reply("pause", { type: "cron_pause_response", request_id: "r", success: true, found: true, task: task("a", "paused") }));
    expect(top(s)?.note).toBe("paused task a");
    expect(requests(s.effects).at(-1)).toEqual({ type: "cron_list", agent_id: RUNTIME.agent_id });
    s.send(DOWN, key("p"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "cron_resume", task_id: "b" });
    s.send(key("r"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "cron_trigger", task_id: "b" });
    const before = s.effects.length;
    s.send(DOWN, key("p"));
    expect(s.effects.length).toBe(before);
    expect(top(s)?.note).toContain("task c has fired: only an active or paused schedule can be paused or resumed");
  });

  it("deletes only after y; n keeps it", () => {
    const s = opened().send(listed(task("a", "active")));
    s.send(key("d"));
    expect(text(s).join("\n")).toContain("Delete task a (every day at 09:00)? y delete · n/Esc keep it");
    s.send(key("n"));
    expect(requests(s.effects).some((c) => c.type === "cron_delete")).toBe(false);
    expect(top(s)?.note).toBe("kept");
    s.send(key("d"), key("x"));
    expect(requests(s.effects).some((c) => c.type === "cron_delete")).toBe(false);
    s.send(key("y"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "cron_delete", task_id: "a" });
  });

  it("fetches the list again on crons_updated while open, and not once closed", () => {
    const s = opened().send(listed(task("a", "active")));
    const lists = () => requests(s.effects).filter((c) => c.type === "cron_list").length;
    dispatchFrame(s.store, { type: "crons_updated", timestamp: 1, agent_id: RUNTIME.agent_id });
    expect(s.store.getState().broadcasts?.crons_updated).toBe(1);
    s.send({ type: "broadcast", frame: "crons_updated" });
    expect(lists()).toBe(2);
    s.send(ESC, { type: "broadcast", frame: "crons_updated" });
    expect(lists()).toBe(2);
  });

  it("a flood of crons_updated costs one more cron_list, not one each", () => {
    const s = opened();
    const lists = () => requests(s.effects).filter((c) => c.type === "cron_list").length;
    for (let i = 0; i < 50; i++) s.send({ type: "broadcast", frame: "crons_updated" });
    expect(lists()).toBe(1);
    s.send(listed(task("a", "active")));
    expect(lists()).toBe(2);
    s.send(listed(task("a", "active")));
    expect(lists()).toBe(2);
  });

  it("shows a server's text as visible escapes, never raw", () => {
    const s = opened().send(listed(task("a", "active", { name: "evil\u001b[2Jname", prompt: "p\u0007" })));
    const all = text(s).join("\n");
    expect(all).not.toContain("\u001b");
    expect(all).not.toContain("\u0007");
    expect(all).toContain("evil");
  });
});
