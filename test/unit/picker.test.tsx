import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { pressKey } from "./ui-harness.js";
import { filterItems, initialPickerState, Picker, PICKER_ROWS, pickerStep, pickerWindow, type PickerItem, type PickerKey, type PickerState } from "../../src/ui/pickers/Picker.js";

const KEY = { enter: "\r", esc: "\u001B", up: "\u001B[A", down: "\u001B[B", backspace: "\u007F" } as const;

const ITEMS: PickerItem[] = [
  { key: "a", label: "Alpha", detail: "/srv/one · 3 h ago" },
  { key: "b", label: "Beta", detail: "/srv/two · just now" },
  { key: "c", label: "Gamma", detail: "/home/x · 2 d ago" },
];

/** Feed keys through the pure step function; stops at the first outcome. */
function run(state: PickerState, ...keys: [string, PickerKey][]) {
  let s = state;
  for (const [input, key] of keys) {
    const step = pickerStep(s, input, key);
    s = step.state;
    if (step.outcome) return { state: s, outcome: step.outcome };
  }
  return { state: s, outcome: undefined };
}
const type = (text: string): [string, PickerKey][] => [...text].map((ch) => [ch, {}]);
const DOWN: [string, PickerKey] = ["", { downArrow: true }];
const UP: [string, PickerKey] = ["", { upArrow: true }];
const ENTER: [string, PickerKey] = ["\r", { return: true }];

describe("filterItems", () => {
  it("matches label and detail as a case-insensitive substring", () => {
    expect(filterItems(ITEMS, "").map((i) => i.key)).toEqual(["a", "b", "c"]);
    expect(filterItems(ITEMS, "ALP").map((i) => i.key)).toEqual(["a"]);
    expect(filterItems(ITEMS, "/srv").map((i) => i.key)).toEqual(["a", "b"]);
    expect(filterItems(ITEMS, "a ·").map((i) => i.key)).toEqual([]);
    expect(filterItems(ITEMS, "zzz")).toEqual([]);
  });

  it("matches what is displayed: escape sequences as their visible escapes", () => {
    const tricky = [{ key: "t", label: "red\u001B[31mtext" }];
    expect(filterItems(tricky, "red\\x1b[31mtext")).toHaveLength(1);
    expect(filterItems(tricky, "31mtext")).toHaveLength(1);
    expect(filterItems(tricky, "redtext")).toHaveLength(0);
  });
});

describe("pickerStep", () => {
  const start = initialPickerState(ITEMS);

  it("moves within bounds and picks the selection", () => {
    expect(run(start, UP).state.selected).toBe(0);
    expect(run(start, DOWN, DOWN, DOWN, DOWN).state.selected).toBe(2);
    expect(run(start, DOWN, ENTER).outcome).toEqual({ kind: "pick", key: "b" });
    expect(run(start, DOWN, DOWN, UP, ENTER).outcome).toEqual({ kind: "pick", key: "b" });
  });

  it("filters as you type, resets the selection, and Backspace edits the filter", () => {
    const typed = run(start, DOWN, DOWN, ...type("ta"));
    expect(typed.state).toMatchObject({ query: "ta", selected: 0 });
    // "ta" matches Beta only; Enter picks it, not the third item selected before typing.
    expect(run(typed.state, ENTER).outcome).toEqual({ kind: "pick", key: "b" });
    const edited = run(typed.state, ["", { backspace: true }], ["", { delete: true }], ...type("mm"));
    expect(edited.state.query).toBe("mm");
    expect(run(edited.state, ENTER).outcome).toEqual({ kind: "pick", key: "c" });
    expect(run(start, ["", { backspace: true }]).state).toBe(start);
  });

  it("cancels on Esc and ignores Enter when nothing matches", () => {
    expect(run(start, ["", { escape: true }]).outcome).toEqual({ kind: "cancel" });
    const none = run(start, ...type("zz"), ENTER);
    expect(none.outcome).toBeUndefined();
    expect(run(initialPickerState([]), ENTER).outcome).toBeUndefined();
  });

  it("keeps chords, tabs, control characters and key releases out of the filter", () => {
    for (const [input, key] of [
      ["c", { ctrl: true }],
      ["x", { meta: true }],
      ["\t", { tab: true }],
      ["\u0007", {}],
      ["q", { eventType: "release" }],
    ] as [string, PickerKey][]) {
      expect(pickerStep(start, input, key).state.query).toBe("");
    }
    // A paste arrives as one input and filters as a whole.
    expect(pickerStep(start, "Gam", {}).state.query).toBe("Gam");
  });

  it("windows at most 10 rows around the selection", () => {
    expect(pickerWindow(3, 2)).toEqual({ first: 0, count: 3 });
    expect(pickerWindow(30, 0)).toEqual({ first: 0, count: PICKER_ROWS });
    expect(pickerWindow(30, 15)).toEqual({ first: 11, count: PICKER_ROWS });
    expect(pickerWindow(30, 29)).toEqual({ first: 20, count: PICKER_ROWS });
  });
});

describe("<Picker>", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  function mount(items: PickerItem[], emptyText = "no recent runtimes") {
    const picked: string[] = [];
    let cancelled = 0;
    const ui = render(<Picker title="Resume" items={items} emptyText={emptyText} onPick={(k) => picked.push(k)} onCancel={() => cancelled++} />);
    cleanup = () => ui.unmount();
    return {
      picked,
      cancelled: () => cancelled,
      screen: () => ui.lastFrame() ?? "",
      async press(...keys: string[]) {
        for (const k of keys) await pressKey(ui.stdin, k);
      },
    };
  }

  it("shows the items, moves with the arrows and picks with Enter", async () => {
    const p = mount(ITEMS);
    expect(p.screen()).toContain("Resume (3/3)");
    expect(p.screen()).toContain("› Alpha");
    await p.press(KEY.down, KEY.down, KEY.up);
    expect(p.screen()).toContain("› Beta");
    await p.press(KEY.enter);
    expect(p.picked).toEqual(["b"]);
  });

  it("filters by typing, edits with Backspace, and cancels with Esc", async () => {
    const p = mount(ITEMS);
    await p.press("h", "o", "m");
    expect(p.screen()).toContain("filter: hom");
    expect(p.screen()).toContain("Resume (1/3)");
    expect(p.screen()).not.toContain("Alpha");
    await p.press("z");
    expect(p.screen()).toContain('nothing matches "homz"');
    await p.press(KEY.backspace, KEY.enter);
    expect(p.picked).toEqual(["c"]);
    await p.press(KEY.esc);
    expect(p.cancelled()).toBe(1);
  });

  it("shows the empty text, sanitises labels, and windows long lists", async () => {
    expect(mount([]).screen()).toContain("no recent runtimes");
    cleanup?.();
    const many = Array.from({ length: 25 }, (_, i) => ({ key: `k${i}`, label: `item ${i}\u001B]0;pwned\u0007` }));
    const p = mount(many);
    expect(p.screen()).toContain("item 0\\x1b]0;pwned\\x07");
    expect(p.screen()).not.toContain("\u001B]");
    expect(p.screen()).toContain("item 9");
    expect(p.screen()).not.toContain("item 10");
    expect(p.screen()).toContain("… 15 more");
    await p.press(...Array<string>(12).fill(KEY.down));
    expect(p.screen()).toContain("› item 12");
    expect(p.screen()).toContain("… 8 earlier");
    expect(p.screen()).not.toContain("item 7 ");
  });
});
