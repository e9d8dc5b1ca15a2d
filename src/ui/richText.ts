import { colorEnabled } from "./color.js";
import { head, LIVE_CHARS, liveMarkdownTail, PRINT_CHARS } from "./displayCut.js";
import { MarkdownCache } from "./markdown/index.js";
import { cleanGrowing } from "./markdown/text.js";

/**
 * Most characters one call may render as markdown afresh (not covered by blocks rendered on an
 * earlier frame); past it the text is shown plain. Markdown parsing of some hostile shapes grows
 * much faster than linear, and one frame must never take long. A live reply never comes near it:
 * it is rendered from a window of its end (liveWindow), a block at a time.
 */
const MARKDOWN_LIMIT = 64 * 1024;

/**
 * The live window's start moves in steps this long. Between steps the window only grows at its
 * end, so the blocks already rendered are reused; at a step, one frame renders the window anew.
 * Short, because a reply that keeps one block open (a loose list, one long paragraph) is
 * rendered whole on every frame: its frames cost up to LIVE_CHARS + WINDOW_STEP of markdown.
 */
const WINDOW_STEP = 4 * 1024;

// Live frames of the same reply, and its print when it finishes, hit the same entries.
const cache = new MarkdownCache();

/** Assistant text for display: sanitised first, then rendered as markdown with our own styling. */
export function renderRichText(text: string, width: number, color = colorEnabled()): string {
  // sanitize(text), reusing what was cleaned on the frame before.
  const clean = cleanGrowing(text);
  return cache.renderClean(clean, { width, color }, MARKDOWN_LIMIT) ?? clean;
}

/**
 * The characters at the end of a live text worth rendering this frame: at least LIVE_CHARS (far
 * more than a screen of rows), its start fixed between steps of WINDOW_STEP.
 */
export function liveWindow(length: number): number {
  if (length <= LIVE_CHARS + WINDOW_STEP) return length;
  return length - Math.floor((length - LIVE_CHARS) / WINDOW_STEP) * WINDOW_STEP;
}

/** Markdown one live frame may render afresh: its open block, or the window anew at a step. */
const LIVE_FRESH_LIMIT = LIVE_CHARS + WINDOW_STEP;

/**
 * A live (still streaming) assistant text for display, as renderRichText. Up to PRINT_CHARS all
 * of it, a block at a time, so what is shown is exactly what will be printed (a table keeps its
 * heading however long it grows) and printing it when done costs only its last block. Past that,
 * or when more than LIVE_FRESH_LIMIT would have to be rendered in one frame (one huge open
 * block, a long reply arriving at once), only its end: a window from a line start, reopened as
 * code when it starts inside a fence.
 */
export function renderLiveRichText(text: string, width: number, color = colorEnabled()): string {
  if (text.length <= PRINT_CHARS) {
    const whole = cache.renderClean(cleanGrowing(text), { width, color }, LIVE_FRESH_LIMIT);
    if (whole !== undefined) return whole;
  }
  return renderRichText(liveMarkdownTail(text, liveWindow(text.length)), width, color);
}

/**
 * Render the printed head of a finished reply ahead of its print, `step` characters further than
 * `from`, so the print itself (renderRichText on the same head) finds its blocks done and only
 * wraps. Returns where the next step starts, or undefined when there is nothing left to warm
 * (or the text cannot be rendered a part at a time: the print then renders it as it would have).
 */
export function warmRichText(text: string, width: number, from: number, step: number, color = colorEnabled()): number | undefined {
  const whole = head(text, PRINT_CHARS).text;
  const to = from + step;
  if (to >= whole.length) return undefined;
  return cache.renderClean(cleanGrowing(whole.slice(0, to)), { width, color }, 2 * step) === undefined ? undefined : to;
}
