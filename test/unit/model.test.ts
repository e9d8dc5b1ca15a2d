import { describe, expect, it } from "vitest";
import { catalogFrom, pickModel, updatePayload } from "../../src/store/models.js";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import type { Effect } from "../../src/ui/state/uiState.js";
import { modelItems } from "../../src/ui/views/modelPicker.js";
import { attachedStore, dispatchFrame, RUNTIME, type Json } from "./ui-harness.js";
import { DOWN, ENTER, ESC, session, TAB } from "./ui-driver.js";

// /model (src/ui/commands/model.ts, src/ui/views/modelPicker.tsx, src/store/models.ts), driven
// through update with no Ink: what each key sends, and what is refused before anything goes out.

/** list_models as 0.32.18 answers it offline: entries, and available_handles empty. */
const LIST: Json = {
  type: "list_models_response",
  request_id: "lm",
  success: true,
  entries: [
    { id: "fake-model", handle: "llama.cpp/fake-model", label: "fake-model", updateArgs: { provider_type: "llama_cpp", context_window: 128000 } },
    { id: "fake-model-b", handle: "llama.cpp/fake-model-b", label: "fake-model-b", updateArgs: { context_window: 32000 } },
    // A preset that stands for one reasoning effort each (as the cloud catalog lists them).
    { id: "gpt-5-low", handle: "openai/gpt-5", label: "GPT-5", updateArgs: { reasoning_effort: "low", context_window: 400000 } },
    { id: "gpt-5-high", handle: "openai/gpt-5", label: "GPT-5", updateArgs: { reasoning_effort: "high", context_window: 400000 } },
  ],
  available_handles: [],
};
/** A frame through the real parser, as the transport hands it on. */
function parsed(frame: Json): KnownFrame {
  const p = parseFrame(JSON.stringify(frame));
  if (p.kind !== "frame") throw new Error(`not a known frame: ${JSON.stringify(p)}`);
  return p.frame;
}
function catalog(frame: Json = LIST) {
  const f = parsed(frame);
  if (f.type !== "list_models_response") throw new Error(f.type);
  return catalogFrom(f);
}

/** A store attached to the test runtime, with the list loaded (as a /model before this one left it). */
function listedStore() {
  const store = attachedStore();
  dispatchFrame(store, LIST);
  return store;
}
const requests = (effects: Effect[]) => effects.filter((e): e is Extract<Effect, { kind: "request" }> => e.kind === "request");
const updates = (effects: Effect[]) => requests(effects).filter((e) => e.command.type === "update_model");
/** The payloads of the update_model requests sent so far. */
const payloads = (effects: Effect[]) => requests(effects).flatMap((e) => (e.command.type === "update_model" ? [e.command.payload] : []));
const listFrame = () => parsed(LIST);

describe("the model list", () => {
  it("keeps label, handle, window and effort of each entry, and every handle the server accepts", () => {
    const c = catalog();
    expect(c.entries[0]).toEqual({ id: "fake-model", handle: "llama.cpp/fake-model", label: "fake-model", contextWindow: 128000 });
    expect(c.entries[3]).toMatchObject({ handle: "openai/gpt-5", effort: "high" });
    expect(c.handles).toEqual(["llama.cpp/fake-model", "llama.cpp/fake-model-b", "openai/gpt-5"]);
    expect(catalog({ ...LIST, available_handles: ["anthropic/claude"] }).handles).toContain("anthropic/claude");
  });
  it("picks a listed handle, an effort it offers, and refuses anything else with one line", () => {
    const c = catalog();
    expect(pickModel(c, "llama.cpp/fake-model-b")).toMatchObject({ ok: true, choice: { handle: "llama.cpp/fake-model-b" } });
    expect(pickModel(c, "openai/gpt-5 high")).toMatchObject({ ok: true, choice: { id: "gpt-5-high" } });
    expect(pickModel(c, "anthropic/claude-sonnet-4-6")).toEqual({ ok: false, error: "anthropic/claude-sonnet-4-6 is not a model this server lists (/model shows the list)" });
    expect(pickModel(c, "openai/gpt-5 max")).toEqual({ ok: false, error: 'openai/gpt-5 offers effort low, high, not "max"' });
    expect(pickModel(c, "llama.cpp/fake-model high")).toEqual({ ok: false, error: "llama.cpp/fake-model offers no reasoning effort to choose" });
  });
  it("sends the entry's id only where it tells efforts of one handle apart", () => {
    const c = catalog();
    expect(updatePayload(c, c.entries[1]!)).toEqual({ model_handle: "llama.cpp/fake-model-b" });
    expect(updatePayload(c, c.entries[3]!)).toEqual({ model_id: "gpt-5-high", model_handle: "openai/gpt-5" });
  });
  it("shows each entry with its handle and window, the effort it stands for, and the one in use marked", () => {
    const items = modelItems(catalog(), "llama.cpp/fake-model");
    expect(items[0]).toEqual({ key: "0", label: "● fake-model", detail: "llama.cpp/fake-model · 128k context" });
    expect(items[1]!.label).toBe("  fake-model-b");
    expect(items[3]!.label).toBe("  GPT-5 (effort high)");
  });
});

describe("/model HANDLE", () => {
  it("applies a listed handle to the conversation on screen at once", () => {
    const s = session({ store: listedStore() });
    s.type("/model llama.cpp/fake-model-b").send(ENTER);
    expect(s.ui.views).toEqual([]);
    expect(updates(s.effects)).toEqual([
      {
        kind: "request",
        command: { type: "update_model", runtime: RUNTIME, payload: { model_handle: "llama.cpp/fake-model-b" } },
        expect: "update_model_response",
        reply: { to: "model", tag: "llama.cpp/fake-model-b", line: "/model llama.cpp/fake-model-b" },
      },
    ]);
  });
  it("refuses a handle the server does not list: one line, the line kept, nothing sent", () => {
    const s = session({ store: listedStore() });
    s.type("/model anthropic/claude-sonnet-4-6").send(ENTER);
    expect(requests(s.effects)).toEqual([]);
    const palette = s.ui.views.at(-1);
    expect(palette).toMatchObject({ id: "palette", field: { value: "/model anthropic/claude-sonnet-4-6" } });
    expect(palette?.note).toBe("anthropic/claude-sonnet-4-6 is not a model this server lists (/model shows the list)");
  });
  it("with no list loaded yet, loads it and checks before sending: unlisted is refused in the picker", () => {
    const s = session();
    s.type("/model nope/model").send(ENTER);
    expect(requests(s.effects).map((r) => r.command.type)).toEqual(["list_models"]);
    expect(s.ui.views.at(-1)).toMatchObject({ id: "model-picker", args: "nope/model" });
    s.send({ type: "reply", to: "model-picker", tag: "list", result: { ok: true, frame: listFrame() } });
    expect(updates(s.effects)).toEqual([]);
    expect(s.ui.views.at(-1)?.note).toBe("nope/model is not a model this server lists (/model shows the list)");
  });
  it("with no list loaded yet, a listed handle is applied once the list says so", () => {
    const s = session();
    s.type("/model llama.cpp/fake-model-b").send(ENTER);
    s.send({ type: "reply", to: "model-picker", tag: "list", result: { ok: true, frame: listFrame() } });
    expect(updates(s.effects).map((r) => [r.command, r.reply])).toEqual([
      [{ type: "update_model", runtime: RUNTIME, payload: { model_handle: "llama.cpp/fake-model-b" } }, { to: "model", tag: "llama.cpp/fake-model-b" }],
    ]);
    expect(s.ui.views).toEqual([]);
  });
  it("a refusal by the server is one line in the transcript", () => {
    const s = session({ store: listedStore() });
    s.type("/model llama.cpp/fake-model-b").send(ENTER);
    s.send({ type: "reply", to: "model", tag: "llama.cpp/fake-model-b", result: { ok: false, error: "Model not found" } });
    expect(s.effects.at(-1)).toEqual({ kind: "notice", level: "error", text: "/model llama.cpp/fake-model-b: Model not found" });
  });
  it("Tab completes handles from the last list, then the efforts a handle offers", () => {
    const s = session({ store: listedStore() });
    s.type("/model fake").send(TAB);
    expect(s.ui.views.at(-1)?.field?.value).toBe("/model llama.cpp/fake-model");
    s.type("-").send(TAB);
    expect(s.ui.views.at(-1)?.field?.value).toBe("/model llama.cpp/fake-model-b");
    const t = session({ store: listedStore() });
    t.type("/model openai/gpt-5").send(TAB);
    expect(t.ui.views.at(-1)?.note).toBe("openai/gpt-5 low  openai/gpt-5 high");
    t.type(" h").send(TAB);
    expect(t.ui.views.at(-1)?.field?.value).toBe("/model openai/gpt-5 high");
  });
  it("Tab has nothing to offer before a list was loaded, and says so", () => {
    const s = session();
    s.type("/model fa").send(TAB);
    expect(s.ui.views.at(-1)).toMatchObject({ field: { value: "/model fa" }, note: "nothing to complete" });
  });
});

describe("the model picker", () => {
  it("opens on the last list with the model in use selected, and asks the server again", () => {
    const s = session({ store: listedStore() });
    s.type("/model").send(ENTER);
    const view = s.ui.views.at(-1);
    expect(view).toMatchObject({ id: "model-picker", selected: 0 });
    expect(view?.models?.entries).toHaveLength(4);
    expect(requests(s.effects).map((r) => r.command)).toEqual([{ type: "list_models" }]);
  });
  it("Enter applies the highlighted entry, its effort with it, and closes; a refusal is a line in the transcript", () => {
    const s = session();
    s.type("/model").send(ENTER);
    s.send({ type: "reply", to: "model-picker", tag: "list", result: { ok: true, frame: listFrame() } });
    s.send(DOWN, DOWN, DOWN, ENTER);
    expect(payloads(s.effects)).toEqual([{ model_id: "gpt-5-high", model_handle: "openai/gpt-5" }]);
    expect(s.ui.views).toEqual([]);
    // Answered to the command, so a refusal is shown even though the picker has closed.
    s.send({ type: "reply", to: "model", tag: "openai/gpt-5", result: { ok: false, error: "Provider is not configured" } });
    expect(s.effects.at(-1)).toEqual({ kind: "notice", level: "error", text: "/model openai/gpt-5: Provider is not configured" });
  });
  it("Enter before the list arrived does nothing; Esc closes", () => {
    const s = session();
    s.type("/model").send(ENTER, ENTER);
    expect(payloads(s.effects)).toEqual([]);
    expect(s.ui.views.at(-1)?.id).toBe("model-picker");
    s.send(ESC);
    expect(s.ui.views).toEqual([]);
  });
  it("the server's answer replaces the last list without undoing a move made meanwhile", () => {
    const s = session({ store: listedStore() });
    s.type("/model").send(ENTER, DOWN);
    s.send({ type: "reply", to: "model-picker", tag: "list", result: { ok: true, frame: listFrame() } });
    s.send(ENTER);
    expect(payloads(s.effects)).toEqual([{ model_handle: "llama.cpp/fake-model-b" }]);
  });
  it("filters as you type; a list the server refuses is one line, and Esc closes", () => {
    const s = session();
    s.type("/model").send(ENTER);
    s.send({ type: "reply", to: "model-picker", tag: "list", result: { ok: false, error: "offline" } });
    expect(s.ui.views.at(-1)?.note).toBe("the server did not list its models: offline");
    s.send({ type: "reply", to: "model-picker", tag: "list", result: { ok: true, frame: listFrame() } });
    s.type("gpt").send(ENTER);
    expect(payloads(s.effects)).toEqual([{ model_id: "gpt-5-low", model_handle: "openai/gpt-5" }]);
  });
});
