import { common, createLowlight } from "lowlight";
import { serialize, splitLines, type Line, type Span, type Style } from "./style.js";
import { normalizeCode } from "./text.js";

// lowlight runs highlight.js grammars synchronously and returns a syntax tree instead of HTML,
// so no markup has to be parsed back and every byte of output is written by us below.
// `common` is highlight.js's set of ~37 everyday languages (shell, JSON, JS/TS, Python, ...).
const lowlight = createLowlight(common);

// The parts of a hast node we read. Declared here rather than imported from "hast" so this
// module depends only on what lowlight itself exports.
interface HastNode {
  readonly type: string;
  readonly value?: string;
  readonly properties?: { readonly className?: unknown };
  readonly children?: readonly HastNode[];
}

// highlight.js scope names to styles. A scope that is absent inherits its parent's style;
// "subst" (an interpolation inside a string) maps to no style so it reads as code again.
const SCOPES: Record<string, Style> = {
  keyword: { fg: "magenta" },
  "selector-tag": { fg: "magenta" },
  doctag: { fg: "magenta" },
  built_in: { fg: "cyan" },
  type: { fg: "cyan" },
  "title.class": { fg: "yellow" },
  title: { fg: "blue" },
  section: { fg: "blue", bold: true },
  literal: { fg: "yellow" },
  number: { fg: "yellow" },
  symbol: { fg: "yellow" },
  bullet: { fg: "yellow" },
  "selector-class": { fg: "yellow" },
  "selector-id": { fg: "yellow" },
  string: { fg: "green" },
  "meta.string": { fg: "green" },
  code: { fg: "green" },
  regexp: { fg: "red" },
  "char.escape": { fg: "cyan" },
  variable: { fg: "red" },
  "template-variable": { fg: "red" },
  name: { fg: "red" },
  attr: { fg: "cyan" },
  attribute: { fg: "cyan" },
  property: { fg: "cyan" },
  meta: { fg: "blue" },
  comment: { fg: "gray", italic: true },
  quote: { fg: "gray", italic: true },
  addition: { fg: "green" },
  deletion: { fg: "red" },
  link: { fg: "blue", underline: true },
  emphasis: { italic: true },
  strong: { bold: true },
  subst: {},
};

function scopeStyle(node: HastNode): Style | undefined {
  const classes = node.properties?.className;
  if (!Array.isArray(classes) || classes.length === 0) return undefined;
  // A sub-scope arrives as extra classes with trailing underscores: "hljs-title class_".
  const [first, ...rest] = classes.map(String);
  const scope = (first ?? "").replace(/^hljs-/, "");
  const sub = rest[0]?.replace(/_+$/, "");
  return (sub ? SCOPES[`${scope}.${sub}`] : undefined) ?? SCOPES[scope];
}

function walk(node: HastNode, style: Style | undefined, out: Span[]): void {
  if (node.type === "text") {
    if (node.value) out.push({ text: node.value, style });
    return;
  }
  const next = node.type === "element" ? (scopeStyle(node) ?? style) : style;
  for (const child of node.children ?? []) walk(child, next, out);
}

// Highlighting costs about 1 ms per KB of dense code, and a growing block is highlighted anew
// on every frame while it streams; past this size a block is shown plain so a frame stays short.
const MAX_HIGHLIGHT = 10_000;

// Finished code blocks are re-rendered on every frame while the message below them streams;
// remembering the last few results makes those frames nearly free.
const CACHE_SIZE = 64;
const cache = new Map<string, readonly Line[]>();

export function resolveLanguage(language: string | undefined): string | undefined {
  const name = language?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!name) return undefined;
  return lowlight.registered(name) ? name : undefined;
}

function plainLines(code: string): Line[] {
  return code.split("\n").map((text) => (text ? [{ text }] : []));
}

/** Code to styled lines. Unknown languages and uncoloured output are plain text. */
export function highlightLines(
  code: string,
  language: string | undefined,
  color: boolean,
): readonly Line[] {
  const lang = color ? resolveLanguage(language) : undefined;
  if (!lang || code.length > MAX_HIGHLIGHT) return plainLines(code);
  const key = `${lang}\u0000${code}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let lines: readonly Line[];
  try {
    const spans: Span[] = [];
    walk(lowlight.highlight(lang, code), undefined, spans);
    lines = splitLines(spans);
  } catch {
    // A grammar failing on odd input must not take the UI down; plain text is still correct.
    lines = plainLines(code);
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, lines);
  return lines;
}

/**
 * Highlight a snippet on its own (approval cards: shell commands, JSON arguments). Returns a
 * string for an Ink <Text>: SGR codes only, none at all when `color` is false. Pass the raw
 * text: its control characters become visible escapes when written, drawn in inverse video.
 */
export function highlightCode(code: string, language: string | undefined, color: boolean): string {
  return serialize(highlightLines(normalizeCode(code), language, color), color);
}
