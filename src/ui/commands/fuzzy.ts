// The palette's filter: the letters typed must appear in the name in order ("cx" finds
// "context-limit"); a name that starts with them comes first, then one where they start a
// word, then the rest by how close together they sit. Descriptions are searched only when no
// name matches, so "window" still finds /context-limit.

/** Lower is better; undefined: no match. */
export function fuzzyScore(query: string, text: string): number | undefined {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (!q) return 0;
  if (t.startsWith(q)) return 0;
  const word = t.split(/[-_:. ]/).some((w) => w.startsWith(q));
  if (word) return 1;
  let at = -1;
  let first = -1;
  for (const c of q) {
    at = t.indexOf(c, at + 1);
    if (at < 0) return undefined;
    if (first < 0) first = at;
  }
  // Spread of the match: tighter is better.
  return 2 + (at - first) / (t.length + 1);
}

/** Items matching `query` by name (best first, stable), else by description. */
export function fuzzyFilter<T extends { name: string; description: string }>(items: readonly T[], query: string): T[] {
  const q = query.trim();
  if (!q) return [...items];
  const scored = (field: (t: T) => string) =>
    items
      .map((item, i) => ({ item, i, s: fuzzyScore(q, field(item)) }))
      .filter((x): x is { item: T; i: number; s: number } => x.s !== undefined)
      .sort((a, b) => a.s - b.s || a.i - b.i)
      .map((x) => x.item);
  const byName = scored((t) => t.name);
  if (byName.length) return byName;
  const low = q.toLowerCase();
  return items.filter((t) => t.description.toLowerCase().includes(low));
}

/** The longest prefix every candidate shares (Tab with several candidates fills this much). */
export function commonPrefix(words: readonly string[]): string {
  if (!words.length) return "";
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
