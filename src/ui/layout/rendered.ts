import { renderToString } from "ink";
import type { ReactElement } from "react";

// A view whose rows are Ink's own layout (borders, padding, text wrapped at word boundaries,
// nested boxes) states its height by being laid out here, at the width it will be drawn at:
// the height is the render itself, so it cannot drift from it. The view must take its width
// from props, not from the window, for this to hold.

/** Screen rows `element` takes when drawn `width` columns wide. */
export function renderedRows(element: ReactElement, width: number): number {
  const out = renderToString(element, { columns: Math.max(1, Math.floor(width)) });
  return out === "" ? 0 : out.split("\n").length;
}

/**
 * The last measurement of one view, remembered while its inputs stay the same (compared one
 * by one): the App draws ~30 frames a second and a card's inputs rarely change between them.
 */
export function memoRows(): (deps: readonly unknown[], measure: () => number) => number {
  let last: { deps: readonly unknown[]; rows: number } | undefined;
  return (deps, measure) => {
    if (last && last.deps.length === deps.length && last.deps.every((d, i) => Object.is(d, deps[i]))) return last.rows;
    last = { deps, rows: measure() };
    return last.rows;
  };
}
