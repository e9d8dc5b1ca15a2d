// One place hands out the terminal's rows. Ink 8 clears and redraws the whole screen on every
// frame whose live region is as tall as the terminal, so the views under the transcript say
// what they need (each next to its own render) and this function decides what they get.
// Pure: the same requests and rows give the same allocation, and a test can try any of them.

/** What one view asks for, in screen rows. */
export interface ViewRequest {
  key: string;
  /** Rows it would like: its whole height, or for a fill view the most it could use. */
  want: number;
  /** Rows it cannot do with fewer of (a folded card, a log's last line); `want` if it cannot shrink. */
  min?: number;
  /** Higher is served first, both for its minimum and for growing towards `want`. */
  priority: number;
  /**
   * Takes what the others leave (the transcript tail, the help overlay), after every other view
   * got what it wants; among fill views the higher priority goes first.
   */
  fill?: boolean;
}

/** Rows kept free under the live region: one, as a region exactly as tall as the terminal counts as full. */
export const SPARE_ROWS = 1;

export interface Allocation {
  /** Rows given to each view, by key. */
  views: Record<string, number>;
  /** Rows left for the transcript's live tail: at least 1 while the terminal has 2 rows. */
  tail: number;
}

/**
 * Rows for each view, by key, and for the transcript tail, such that together they take at
 * most `rows - 1` (never negative). The tail keeps one row first (the newest text always
 * shows); minimums are met in priority order while rows last; then views that are not `fill`
 * grow towards what they want, in priority order; then fill views; the tail gets the rest.
 */
export function layout(rows: number, requests: readonly ViewRequest[]): Allocation {
  const budget = Math.max(0, Math.floor(rows) - SPARE_ROWS);
  const keep = Math.min(1, budget);
  let left = budget - keep;
  const byPriority = requests.map((r, i) => ({ r, i })).sort((a, b) => b.r.priority - a.r.priority || a.i - b.i);
  const given: Record<string, number> = {};
  const want = (r: ViewRequest) => Math.max(0, Math.floor(r.want));
  const min = (r: ViewRequest) => Math.min(want(r), Math.max(0, Math.floor(r.min ?? r.want)));
  const grant = (r: ViewRequest, n: number) => {
    const rowsNow = given[r.key] ?? 0;
    const add = Math.max(0, Math.min(n - rowsNow, left));
    given[r.key] = rowsNow + add;
    left -= add;
  };
  for (const { r } of byPriority) grant(r, min(r));
  for (const { r } of byPriority) if (!r.fill) grant(r, want(r));
  for (const { r } of byPriority) if (r.fill) grant(r, want(r));
  return { views: given, tail: left + keep };
}
