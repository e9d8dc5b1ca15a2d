import { colorEnabled } from "./color.js";
import { renderMarkdown } from "./markdown/index.js";
import { sanitize } from "./sanitize.js";

/**
 * Past this size a live message is shown as plain text: markdown parsing of some hostile
 * shapes grows much faster than linear, and one frame must never take long.
 */
const MARKDOWN_LIMIT = 64 * 1024;

/** Assistant text for display: sanitised first, then rendered as markdown with our own styling. */
export function renderRichText(text: string, width: number, color = colorEnabled()): string {
  const clean = sanitize(text);
  if (clean.length > MARKDOWN_LIMIT) return clean;
  return renderMarkdown(clean, { width, color });
}
