// Server data is nested as deep as the server likes: a 10 KB frame can hold 5 000 levels, and
// every recursive walk over it (JSON.stringify, a formatter, a renderer) would overflow the
// stack. So a frame is cut to MAX_DEPTH levels once, where it is parsed (parse.ts), and every
// later walk inherits the bound. The cut parts say so: they become CUT_NOTE strings, visible
// wherever the value is shown.

/** Levels of objects and arrays kept; real frames use about ten. */
export const MAX_DEPTH = 64;

export function cutNote(depth: number): string {
  return `…(cut at depth ${depth})`;
}

/**
 * Replace every object or array nested deeper than `limit` levels with `cutNote(limit)`, in
 * place (the value must be freshly parsed JSON, owned by the caller). Iterative, so it works
 * however deep the input is. Returns how many values were cut.
 */
export function cutDeepInPlace(value: unknown, limit = MAX_DEPTH): number {
  if (typeof value !== "object" || value === null) return 0;
  let cut = 0;
  const stack: [Record<string, unknown> | unknown[], number][] = [[value as Record<string, unknown>, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const keys = Array.isArray(node) ? node.keys() : Object.keys(node);
    for (const k of keys) {
      const child = (node as Record<string | number, unknown>)[k];
      if (typeof child !== "object" || child === null) continue;
      if (depth >= limit) {
        (node as Record<string | number, unknown>)[k] = cutNote(limit);
        cut++;
      } else stack.push([child as Record<string, unknown>, depth + 1]);
    }
  }
  return cut;
}

/**
 * JSON text of `value`, never throwing: objects nested deeper than `limit` are written as
 * `cutNote(limit)` (for values that did not come through parse.ts, or were built from it), and
 * at most `maxChars` characters are returned, the rest replaced by a note of its size.
 */
export function boundedJson(value: unknown, opts: { indent?: number; limit?: number; maxChars?: number } = {}): string {
  const limit = opts.limit ?? MAX_DEPTH;
  const depths = new WeakMap<object, number>();
  function replacer(this: unknown, _key: string, v: unknown): unknown {
    if (typeof v !== "object" || v === null) return v;
    const depth = (typeof this === "object" && this !== null ? (depths.get(this) ?? 0) : 0) + 1;
    if (depth > limit) return cutNote(limit);
    depths.set(v, depth);
    return v;
  }
  let text: string;
  try {
    text = JSON.stringify(value, replacer, opts.indent) ?? String(value);
  } catch (err) {
    // A BigInt or a cycle cannot come from JSON; say what happened rather than throw.
    text = `(not shown: ${err instanceof Error ? err.message : "cannot be written as JSON"})`;
  }
  const max = opts.maxChars ?? Infinity;
  return text.length > max ? `${text.slice(0, max)}…(${text.length - max} more characters)` : text;
}
