export { highlightCode } from "./highlight.js";
export { MarkdownCache } from "./incremental.js";
export { renderMarkdown, type RenderOptions } from "./render.js";
