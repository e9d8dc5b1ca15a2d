import { sanitizeLine } from "../sanitize.js";

// After the user edits a tool's arguments, the card says what changed before they approve,
// so an edit that went wrong (a field dropped, a typo in the command) is caught on screen.

const MAX_VALUE = 60;

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  // Key order is not meaningful in JSON arguments; only the set of keys and their values are.
  if (keys.length !== Object.keys(rb).length) return false;
  return keys.every((k) => Object.hasOwn(rb, k) && sameValue(ra[k], rb[k]));
}

/** A value as one line of characters (code points): strings as they are, anything else as compact JSON. */
function lineChars(value: unknown): string[] {
  const raw = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return [...sanitizeLine(raw)];
}

/** `chars` cut to `max` from `start`, with "…" where something is left out on either side. */
function cut(chars: readonly string[], max: number, start = 0): string {
  if (chars.length <= max) return chars.join("");
  if (start <= 0) return `${chars.slice(0, max - 1).join("")}…`;
  const end = start + max - 2;
  return `…${chars.slice(start, end).join("")}${end < chars.length ? "…" : ""}`;
}

/** A value on one short line: strings as they are, anything else as compact JSON. */
export function oneLine(value: unknown, max = MAX_VALUE): string {
  return cut(lineChars(value), max);
}

// Context kept before the first difference, when a long value has to be cut around it.
const LEAD = 20;

/**
 * Two long values cut at the same place, around where they first differ: cut from their start,
 * an edit at the end of a long command would show as the same text on both sides.
 */
function around(before: unknown, after: unknown): [string, string] {
  const a = lineChars(before);
  const b = lineChars(after);
  let d = 0;
  while (d < a.length && d < b.length && a[d] === b[d]) d++;
  const start = d + LEAD < MAX_VALUE ? 0 : d - LEAD;
  return [cut(a, MAX_VALUE, start), cut(b, MAX_VALUE, start)];
}

/**
 * Which top-level fields differ between two argument objects, one line each, e.g.
 * "command: `rm -rf x` → `ls`". Fields keep the order of `before`, then new ones of `after`.
 */
export function editedDiffSummary(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))];
  const out: string[] = [];
  for (const key of keys) {
    const had = Object.hasOwn(before, key);
    const has = Object.hasOwn(after, key);
    if (had && has && sameValue(before[key], after[key])) continue;
    const [was, is] = had && has ? around(before[key], after[key]) : [oneLine(before[key]), oneLine(after[key])];
    const from = had ? `\`${was}\`` : "(unset)";
    const to = has ? `\`${is}\`` : "(removed)";
    out.push(`${oneLine(key, 40)}: ${from} → ${to}`);
  }
  return out;
}
