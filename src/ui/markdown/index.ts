export { highlightCode } from "./highlight.js";
export { renderMarkdown, type RenderOptions } from "./render.js";
