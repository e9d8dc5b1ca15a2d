import { renderToString } from "ink";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import type { KnownFrame } from "../../src/protocol/frames.js";
import type { Effect, Msg } from "../../src/ui/state/uiState.js";
import { agentRows, agentsView } from "../../src/ui/views/agents.js";
import { initialUi } from "../../src/ui/state/uiState.js";
import { attachedStore, RUNTIME } from "./ui-harness.js";
import { DOWN, ENTER, ESC, key, session } from "./ui-driver.js";

// /agents (src/ui/views/agents.tsx) driven through update with no Ink: the list, a new agent in
// three steps, rename, delete only after the exact name, and opening one beside this one.

type Request = Extract<Effect, { kind: "request" }>;
const requests = (effects: readonly Effect[]): Request[] => effects.filter((e): e is Request => e.kind === "request");
const lastRequest = (s: ReturnType<typeof session>): Request => requests(s.effects).at(-1)!;
const ok = (frame: Omit<KnownFrame, "request_id">): Extract<Msg, { type: "reply" }>["result"] => ({ ok: true, frame: { request_id: "x", success: true, ...frame } as KnownFrame });
const answer = (s: ReturnType<typeof session>, result: Extract<Msg, { type: "reply" }>["result"]) => {
  const r = lastRequest(s);
  return s.send({ type: "reply", to: r.reply.to, tag: r.reply.tag, result });
};
const view = (s: ReturnType<typeof session>) => s.ui.views.find((v) => v.id === "agents");
const CTRL_U = key("u", { ctrl: true });

const AGENTS = [
  { id: RUNTIME.agent_id, name: "tester", model: "llama.cpp/fake-model", last_run_completion: "2026-01-02T00:00:00Z" },
  { id: "agent-2", name: "Helper", model: "llama.cpp/fake-model", last_run_completion: "2026-01-03T00:00:00Z" },
  { id: "agent-3", name: null, model: null },
];
const LISTED = ok({ type: "agent_list_response", agents: AGENTS });

/** /agents opened and its list answered. */
function opened() {
  const s = session({ store: attachedStore() });
  s.type("/agents").send(ENTER);
  expect(lastRequest(s)).toMatchObject({ command: { type: "agent_list" }, expect: "agent_list_response", reply: { to: "agents" } });
  expect(view(s)?.agents).toBe("loading");
  return answer(s, LISTED);
}

describe("/agents", () => {
  it("lists the agents, most recently active first, an agent without a name by its id", () => {
    const s = opened();
    expect(view(s)?.agents).toEqual([
      { id: "agent-2", name: "Helper", model: "llama.cpp/fake-model", lastActive: "2026-01-03T00:00:00Z" },
      { id: RUNTIME.agent_id, name: "tester", model: "llama.cpp/fake-model", lastActive: "2026-01-02T00:00:00Z" },
      { id: "agent-3" },
    ]);
    expect(agentRows({ type: "conversation_list_response", request_id: "x", conversations: [] })).toEqual([]);
  });

  it("makes a new agent: a name, a model from list_models, a personality; then gives it the name", () => {
    const s = opened();
    s.send(key("n")).type("Night Owl").send(ENTER);
    expect(lastRequest(s)).toMatchObject({ command: { type: "list_models" }, reply: { tag: "models" } });
    expect(view(s)).toMatchObject({ step: "model", agentForm: { name: "Night Owl" } });
    answer(s, ok({ type: "list_models_response", entries: [{ id: "a", handle: "prov/a", label: "A", updateArgs: { context_window: 64000 } }, { id: "fake", handle: "llama.cpp/fake-model", label: "Fake" }] }));
    // The model on screen is chosen first: Enter keeps it.
    expect(view(s)?.selected).toBe(1);
    s.send(key("", { upArrow: true }), ENTER);
    expect(view(s)).toMatchObject({ step: "personality", agentForm: { model: "prov/a" } });
    s.send(DOWN, ENTER);
    expect(lastRequest(s).command).toEqual({ type: "create_agent", personality: "blank", model: "prov/a" });
    expect(view(s)).toMatchObject({ pending: true, note: "creating Night Owl…" });
    // Keys other than Esc wait for the answer.
    s.send(ENTER);
    expect(requests(s.effects)).toHaveLength(3);
    answer(s, ok({ type: "create_agent_response", agent_id: "agent-9", name: "Blank" }));
    expect(lastRequest(s).command).toEqual({ type: "agent_update", agent_id: "agent-9", body: { name: "Night Owl" } });
    answer(s, ok({ type: "agent_update_response", agent: { id: "agent-9", name: "Night Owl" } }));
    expect(lastRequest(s).command).toMatchObject({ type: "agent_list" });
    expect(view(s)).toMatchObject({ note: "created Night Owl", target: "agent-9" });
    expect(view(s)?.step).toBeUndefined();
    answer(s, ok({ type: "agent_list_response", agents: [...AGENTS, { id: "agent-9", name: "Night Owl", last_run_completion: "2026-02-01T00:00:00Z" }] }));
    expect(view(s)?.selected).toBe(0);
  });

  it("a new agent needs a name; a refused create is one line and the form stays", () => {
    const s = opened();
    s.send(key("n"), ENTER);
    expect(view(s)).toMatchObject({ step: "name", note: "the new agent needs a name" });
    expect(requests(s.effects)).toHaveLength(1);
    s.type("x").send(ENTER);
    answer(s, ok({ type: "list_models_response", entries: [{ id: "fake", handle: "llama.cpp/fake-model" }] }));
    s.send(ENTER, ENTER);
    answer(s, { ok: false, error: 'Unknown model "llama.cpp/fake-model"' });
    expect(view(s)).toMatchObject({ step: "personality", pending: false, note: 'could not create the agent: Unknown model "llama.cpp/fake-model"' });
    // Esc goes back to the list, nothing made.
    s.send(ESC);
    expect(view(s)?.step).toBeUndefined();
    expect(requests(s.effects).map((r) => r.command.type)).not.toContain("agent_update");
  });

  it("renames with agent_update", () => {
    const s = opened();
    s.send(key("r"));
    expect(view(s)).toMatchObject({ step: "rename", target: "agent-2", field: { value: "Helper" } });
    s.send(CTRL_U).type("Aide").send(ENTER);
    expect(lastRequest(s).command).toEqual({ type: "agent_update", agent_id: "agent-2", body: { name: "Aide" } });
    answer(s, ok({ type: "agent_update_response", agent: { id: "agent-2", name: "Aide" } }));
    expect(view(s)).toMatchObject({ note: "renamed to Aide" });
    expect(lastRequest(s).command).toMatchObject({ type: "agent_list" });
  });

  it("deletes only after the agent's exact name is typed; a wrong name deletes nothing", () => {
    const s = opened();
    s.send(key("d"));
    expect(view(s)).toMatchObject({ step: "delete", target: "agent-2" });
    s.type("helper").send(ENTER);
    expect(requests(s.effects).map((r) => r.command.type)).not.toContain("agent_delete");
    expect(view(s)?.note).toMatch(/not its name: nothing deleted/);
    s.send(CTRL_U).type("Helper").send(ENTER);
    expect(lastRequest(s).command).toEqual({ type: "agent_delete", agent_id: "agent-2" });
    answer(s, ok({ type: "agent_delete_response", agent_id: "agent-2" }));
    expect(view(s)).toMatchObject({ note: "deleted Helper" });
    expect((view(s)?.agents as { id: string }[]).map((a) => a.id)).not.toContain("agent-2");
  });

  it("an agent with no name is deleted by typing its id", () => {
    const s = opened();
    s.send(DOWN, DOWN, key("d")).type("agent-3").send(ENTER);
    expect(lastRequest(s).command).toEqual({ type: "agent_delete", agent_id: "agent-3" });
  });

  it("refuses to delete an agent open in a tab here", () => {
    const s = opened();
    s.send(DOWN, key("d"));
    expect(view(s)?.step).toBeUndefined();
    expect(view(s)?.note).toBe("tester is open in a tab here: it cannot be deleted from under it");
  });

  it("Enter opens another agent beside this one; the agent on screen is switched to", () => {
    const s = opened();
    s.send(ENTER);
    expect(s.effects.at(-1)).toEqual({ kind: "open-conversation", choice: { kind: "other-agent", agentId: "agent-2" } });
    expect(s.ui.views).toEqual([]);
    const t = opened();
    t.send(DOWN, ENTER);
    expect(t.effects.at(-1)).toMatchObject({ kind: "switch-runtime" });
  });

  it("help lists the commands and the view's keys from the tables the palette and the view use", async () => {
    const { helpLines } = await import("../../src/ui/helpLayout.js");
    const labels = helpLines().flatMap((l) => (l.kind === "key" ? [l.label] : l.kind === "title" ? [l.text] : []));
    expect(labels).toEqual(expect.arrayContaining(["/agents", "/cwd PATH", "/mode [MODE]", "Agents (/agents)", "d/Delete"]));
  });

  it("a name or model with escape sequences is drawn as visible escapes, every character in order", () => {
    const s = session({ store: attachedStore() });
    s.type("/agents").send(ENTER);
    answer(s, ok({ type: "agent_list_response", agents: [{ id: "agent-x", name: "\u001b[31mred\u0007bot", model: "m\u001b]8;;http://x\u0007" }] }));
    const world = { app: s.store.getState(), serverLog: false, listen: false };
    const drawn = renderToString(createElement(agentsView.View, { entry: view(s)!, ui: initialUi(), world, height: 20, width: 120 }), { columns: 120 });
    expect(drawn).not.toMatch(/\u001b\[31m|\u0007|\u001b\]8/);
    expect(drawn).toContain("\\x1b[31mred\\x07bot");
    expect(drawn).toContain("m\\x1b]8;;http://x\\x07");
    // A field holds no control characters: such a name is typed as drawn, escapes spelt out.
    s.send(key("d")).send({ type: "paste", text: "\u001b[31mred\u0007bot" }, ENTER);
    expect(requests(s.effects).map((r) => r.command.type)).not.toContain("agent_delete");
    s.send(key("u", { ctrl: true })).type("\\x1b[31mred\\x07bot").send(ENTER);
    expect(lastRequest(s).command).toEqual({ type: "agent_delete", agent_id: "agent-x" });
  });

  it("a failed list is one line", () => {
    const s = session({ store: attachedStore() });
    s.type("/agents").send(ENTER);
    answer(s, { ok: false, error: "backend down" });
    expect(view(s)).toMatchObject({ agents: [], note: "could not list the agents: backend down" });
  });
});
