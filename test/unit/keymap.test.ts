import type { Key } from "ink";
import { describe, expect, it } from "vitest";
import { KEYMAP, type KeyBinding } from "../../src/ui/keymap.js";
import { VIEWS } from "../../src/ui/views/registry.js";

// The keymap is the one source of the footer hints and the help overlay, so what a label says
// must be exactly what its matcher takes. Every key a terminal can send in these tests is
// enumerated, and each binding's matcher is compared with the set its label denotes.

type Candidate = { input: string; key: Partial<Key>; name: string };

const NAMED = {
  "↑": "upArrow",
  "↓": "downArrow",
  "←": "leftArrow",
  "→": "rightArrow",
  PgUp: "pageUp",
  PgDn: "pageDown",
  Enter: "return",
  Esc: "escape",
  Tab: "tab",
  Delete: "delete",
  Backspace: "backspace",
} as const satisfies Record<string, keyof Key>;

const MODS: [string, Partial<Key>][] = [
  ["", {}],
  ["Ctrl+", { ctrl: true }],
  ["Alt+", { meta: true }],
  ["Shift+", { shift: true }],
];

function candidates(): Candidate[] {
  const out: Candidate[] = [];
  for (let c = 0x20; c < 0x7f; c++) {
    const ch = String.fromCharCode(c);
    const shift = /[A-Z]/.test(ch);
    for (const [prefix, mods] of MODS.slice(0, 3)) out.push({ input: ch, key: { ...mods, ...(shift ? { shift } : {}) }, name: `${prefix}${ch}` });
  }
  for (const [label, field] of Object.entries(NAMED)) for (const [prefix, mods] of MODS) out.push({ input: "", key: { [field]: true, ...mods }, name: `${prefix}${label}` });
  return out;
}

/** What a label denotes: "a / 2 / Enter", "Ctrl+C", "Alt+1-9", "d/Delete", "↑/PgUp/←", "Space". */
function denotes(label: string): (c: Candidate) => boolean {
  const parts = label.split(/\s*\/\s*/).filter(Boolean);
  const one = (part: string): ((c: Candidate) => boolean) => {
    const mod = /^(Ctrl|Alt|Shift)\+(.+)$/.exec(part);
    const want: Partial<Key> = mod ? { [mod[1] === "Ctrl" ? "ctrl" : mod[1] === "Alt" ? "meta" : "shift"]: true } : {};
    const body = mod ? mod[2]! : part;
    const modsOk = (k: Partial<Key>, letterShift: boolean) =>
      !!k.ctrl === !!want.ctrl && !!k.meta === !!want.meta && (letterShift || !!k.shift === !!want.shift);
    if (body in NAMED) {
      const field = NAMED[body as keyof typeof NAMED];
      return (c) => c.key[field] === true && modsOk(c.key, false);
    }
    const range = /^(\d)-(\d)$/.exec(body);
    if (range) return (c) => c.input.length === 1 && c.input >= range[1]! && c.input <= range[2]! && modsOk(c.key, false);
    const ch = body === "Space" ? " " : body;
    if (ch.length !== 1) throw new Error(`label part "${part}" of "${label}" names no key this test knows`);
    // A letter means either case (Shift+y arrives as "Y"); a Ctrl chord means the lower case.
    if (/[a-z]/i.test(ch)) return (c) => (want.ctrl ? c.input === ch.toLowerCase() : c.input.toLowerCase() === ch.toLowerCase()) && modsOk(c.key, true);
    return (c) => c.input === ch && modsOk(c.key, false);
  };
  const preds = parts.map(one);
  return (c) => preds.some((p) => p(c));
}

const ALL = candidates();
const keyOf = (c: Candidate) => ({ upArrow: false, downArrow: false, ...c.key }) as Key;
const matched = (b: KeyBinding) => ALL.filter((c) => b.matches(c.input, keyOf(c))).map((c) => c.name);
/** Bindings carried out by their matcher (not by a text field), and not a catch-all. */
const checked = KEYMAP.filter((b) => !b.editor && b.label !== "any other key");

/** Keys taken by more than one binding of the same context, as "context: key → labels". */
function clashes(bindings: readonly KeyBinding[]): string[] {
  const out: string[] = [];
  for (const context of new Set(bindings.map((b) => b.context))) {
    const own = bindings.filter((b) => b.context === context);
    for (const c of ALL) {
      const takers = own.filter((b) => b.matches(c.input, keyOf(c)));
      if (takers.length > 1) out.push(`${context}: ${c.name} → ${takers.map((b) => b.label).join(", ")}`);
    }
  }
  return out;
}

describe("the keymap table", () => {
  it.each(checked.map((b) => [`${b.context}: ${b.label} (${b.action})`, b] as const))("%s: the label names exactly the keys it takes", (_name, b) => {
    const wanted = ALL.filter(denotes(b.label)).map((c) => c.name);
    expect(wanted.length, "the label denotes some key").toBeGreaterThan(0);
    expect(matched(b)).toEqual(wanted);
  });

  it("no two bindings of one context take the same key", () => {
    expect(clashes(checked)).toEqual([]);
  });

  it("the test itself catches two bindings of one context on one key", () => {
    const twice: KeyBinding[] = [
      { context: "queue", label: "r", action: "queue-resume", description: "", matches: (i) => i === "r" },
      { context: "queue", label: "r", action: "queue-remove", description: "", matches: (i) => i === "r" },
    ];
    expect(clashes(twice)).toContain("queue: r → r, r");
  });

  it("a catch-all comes last in its context and takes every key", () => {
    for (const b of KEYMAP.filter((k) => k.label === "any other key")) {
      const own = KEYMAP.filter((k) => k.context === b.context);
      expect(own.at(-1)).toBe(b);
      expect(matched(b)).toHaveLength(ALL.length);
    }
  });

  it("every key that opens a view names a view in the registry", () => {
    const opening = KEYMAP.filter((b) => b.action === "open-view");
    expect(opening.length).toBeGreaterThan(0);
    for (const b of opening) expect(Object.keys(VIEWS), b.label).toContain(b.view);
  });

  it("the test itself catches a label that says less than its matcher ('1-5' taking 1-9)", () => {
    const wrong: KeyBinding = { context: "question", label: "1-5", action: "option-number", description: "", matches: (i, k) => !k.ctrl && !k.meta && /^[1-9]$/.test(i) };
    expect(matched(wrong)).not.toEqual(ALL.filter(denotes(wrong.label)).map((c) => c.name));
  });
});
