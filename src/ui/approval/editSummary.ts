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

/** A value on one short line: strings as they are, anything else as compact JSON. */
export function oneLine(value: unknown, max = MAX_VALUE): string {
  const raw = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const line = sanitizeLine(raw);
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : line;
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
    const from = had ? `\`${oneLine(before[key])}\`` : "(unset)";
    const to = has ? `\`${oneLine(after[key])}\`` : "(removed)";
    out.push(`${oneLine(key, 40)}: ${from} → ${to}`);
  }
  return out;
}
