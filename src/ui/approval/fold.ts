// Folding long bodies so a card fits on screen while saying exactly how much is hidden.

/**
 * The first `max` items and how many were left out. When only one would be left out it is
 * shown instead: the "… 1 more line" notice would take the same row and hide it for nothing.
 * A non-finite `max` shows everything (an expanded card).
 */
export function fold<T>(items: readonly T[], max: number): { shown: T[]; hidden: number } {
  const limit = Number.isFinite(max) ? Math.max(1, Math.floor(max)) : Infinity;
  if (items.length <= limit + 1) return { shown: [...items], hidden: 0 };
  return { shown: items.slice(0, limit), hidden: items.length - limit };
}

/** "… 12 more lines (f to show all)". */
export function moreLinesText(hidden: number, hint?: string): string {
  const base = `… ${hidden} more line${hidden === 1 ? "" : "s"}`;
  return hint ? `${base} ${hint}` : base;
}

/** The key hint appended to a fold notice; the key itself is bound by the card's owner. */
export const EXPAND_HINT = "(f to show all)";
