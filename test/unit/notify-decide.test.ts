import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AppState } from "../../src/store/state.js";
import { DEFAULT_NOTIFY, focusReported, notifyConfig, observe, WATCH_START, type NotifyConfig, type Watch } from "../../src/ui/notify/decide.js";
import { noticeBytes, noticeText } from "../../src/ui/notify/osc.js";
import { attachedStore, dispatchFrame, RUNTIME, type Json } from "./ui-harness.js";

// What is notified when: a pure table over (focus, what the store shows, time, config). The
// store states come from real frames through the real reducer; the clock is a number.

const card = (id: string, tool = "Bash"): Json => ({
  type: "control_request",
  request_id: id,
  request: { subtype: "can_use_tool", tool_name: tool, tool_call_id: `c-${id}`, input: { command: "make" } },
});
const loop = (status: string): Json => ({ type: "update_loop_status", loop_status: { status, active_run_ids: [], client_message_ids_by_run_id: {} } });

function states(...frames: Json[][]): AppState[] {
  const store = attachedStore();
  return frames.map((fs) => {
    for (const f of fs) dispatchFrame(store, f);
    return store.getState();
  });
}

/** Looks at each state in turn (focus as given before each), returning the notices' bodies. */
function run(looks: { state: AppState; focus?: boolean; at: number }[], cfg: NotifyConfig = DEFAULT_NOTIFY): string[] {
  let w: Watch = WATCH_START;
  const out: string[] = [];
  for (const l of looks) {
    if (l.focus !== undefined) w = focusReported(w, l.focus);
    const seen = observe(w, l.state, l.at, cfg);
    w = seen.watch;
    out.push(...seen.notices.map((n) => n.body));
  }
  return out;
}

describe("the agent asking for attention (notify_user)", () => {
  const store = attachedStore();
  const before = store.getState();
  store.dispatch({ type: "notice", scope: RUNTIME, level: "warning", text: "🔔 the build is done", ring: true });
  const called = store.getState();
  store.dispatch({ type: "notice", scope: RUNTIME, level: "warning", text: "an ordinary line" });
  const later = store.getState();
  const looks = (focus: boolean | undefined, cfg: NotifyConfig = DEFAULT_NOTIFY) => {
    let w = WATCH_START;
    if (focus !== undefined) w = focusReported(w, focus);
    const out = [before, called, called, later].flatMap((state, at) => {
      const seen = observe(w, state, at, cfg);
      w = seen.watch;
      return seen.notices;
    });
    return out.map((n) => noticeBytes(n));
  };
  it("while focused (or before any report): the bell alone, once per call, for any `on` (off stops the notifier altogether)", () => {
    expect(looks(true)).toEqual(["\u0007"]);
    expect(looks(undefined)).toEqual(["\u0007"]);
    expect(looks(true, { on: "turns", turnSeconds: 30 })).toEqual(["\u0007"]);
  });
  it("while away: the bell and a desktop notification with the message, once", () => {
    expect(looks(false)).toEqual([noticeBytes({ title: "letta-tui", body: "🔔 the build is done" })]);
    expect(looks(false)[0]).toContain("\u001b]9;letta-tui: 🔔 the build is done\u0007");
  });
});

describe("what is notified when", () => {
  const [idle, withCard] = states([], [card("perm-1")]);
  it("a card that comes up while unfocused, once; none while focused or before any report", () => {
    expect(run([{ state: idle!, focus: false, at: 0 }, { state: withCard!, at: 1 }, { state: withCard!, at: 2 }])).toEqual(["approval needed: Bash (Run this command?)"]);
    expect(run([{ state: idle!, focus: true, at: 0 }, { state: withCard!, at: 1 }])).toEqual([]);
    expect(run([{ state: idle!, at: 0 }, { state: withCard!, at: 1 }])).toEqual([]);
    // Seen while focused: not told when the person then looks away.
    expect(run([{ state: withCard!, focus: true, at: 0 }, { state: withCard!, focus: false, at: 1 }])).toEqual([]);
    expect(run([{ state: idle!, focus: false, at: 0 }, { state: withCard!, at: 1 }], { on: "turns", turnSeconds: 30 })).toEqual([]);
    expect(run([{ state: idle!, focus: false, at: 0 }, { state: withCard!, at: 1 }], { on: "off", turnSeconds: 30 })).toEqual([]);
  });

  it("a turn that ends after the threshold, unfocused, with turns or all; a short one never", () => {
    const [busy, done] = states([loop("PROCESSING_API_RESPONSE")], [loop("WAITING_ON_INPUT")]);
    const turn = (ms: number, cfg: NotifyConfig, focus = false) => run([{ state: busy!, focus, at: 1000 }, { state: busy!, at: 1000 + ms / 2 }, { state: done!, at: 1000 + ms }], cfg);
    const turns = { on: "turns", turnSeconds: 30 } as const;
    expect(turn(30_000, turns)).toEqual(["turn finished after 30s"]);
    expect(turn(125_000, { ...turns, on: "all" })).toEqual(["turn finished after 2m 05s"]);
    expect(turn(29_999, turns)).toEqual([]);
    expect(turn(60_000, turns, true)).toEqual([]);
    expect(turn(60_000, DEFAULT_NOTIFY)).toEqual([]);
  });

  it("the flag over the file over the defaults", () => {
    expect(notifyConfig(undefined, {})).toEqual({ on: "cards", turnSeconds: 30 });
    expect(notifyConfig(undefined, { on: "all", turnSeconds: 5 })).toEqual({ on: "all", turnSeconds: 5 });
    expect(notifyConfig("off", { on: "all" })).toEqual({ on: "off", turnSeconds: 30 });
  });
});

describe("the bytes written", () => {
  it("bell, OSC 9 and OSC 777, each ended by BEL", () => {
    expect(noticeBytes({ title: "letta-tui", body: "the agent asks: go?" })).toBe(
      "\u0007\u001b]9;letta-tui: the agent asks: go?\u0007\u001b]777;notify;letta-tui;the agent asks: go?\u0007",
    );
  });

  it("server text cannot end the OSC early, nor add a field to OSC 777's title (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), fc.string({ unit: "binary", maxLength: 80 }), (body, title) => {
        const bytes = noticeBytes({ title, body });
        // Exactly the framing's controls: BEL, ESC ] 9 ; … BEL, ESC ] 777 ; … BEL, nothing else.
        const controls = [...bytes].filter((c) => /[\u0000-\u001f\u007f-\u009f]/.test(c));
        expect(controls).toEqual(["\u0007", "\u001b", "\u0007", "\u001b", "\u0007"]);
        const osc777 = bytes.slice(bytes.lastIndexOf("\u001b]777;"));
        const [, kind, shownTitle] = osc777.slice(2, -1).split(";");
        expect(kind).toBe("notify");
        expect(shownTitle).toBe(noticeText(title, 60).replaceAll(";", ","));
      }),
    );
  });

  it("every printable character of a short text survives, in order; a long one is cut with …", () => {
    expect(noticeText("rm -rf \u001b[2J; ok")).toBe("rm -rf \\x1b[2J; ok");
    expect(noticeText("a\nb")).toBe("a ⏎ b");
    const long = noticeText("x".repeat(500));
    expect([...long]).toHaveLength(200);
    expect(long.endsWith("…")).toBe(true);
  });
});
