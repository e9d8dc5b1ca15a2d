import type { MarkedToken, Token } from "marked";
import { merge, plainText, type Span, type Style } from "./style.js";
import { decodeEntities } from "./text.js";

export const THEME = {
  code: { fg: "cyan" },
  link: { fg: "blue", underline: true },
  url: { fg: "gray" },
  strong: { bold: true },
  em: { italic: true },
  del: { strike: true, dim: true },
  checked: { fg: "green" },
  unchecked: { fg: "gray" },
} as const satisfies Record<string, Style>;

// marked's Token union also has a catch-all "Generic" member (typed with `any`) for tokens made
// by extensions. We register none, so narrowing to the built-in tokens is sound here; the
// default branches still cope with anything unexpected by showing its source text.
export function known(token: Token): MarkedToken {
  return token as MarkedToken;
}

/**
 * Inline tokens to styled spans; text may still contain "\n" (soft and hard breaks are kept as
 * line breaks: in a terminal the author's line structure reads better than re-flowed text).
 * Without colour, markers whose loss would change the meaning stay visible: `code`, ~~del~~.
 */
export function inlineSpans(
  tokens: readonly Token[] | undefined,
  base: Style | undefined,
  color: boolean,
): Span[] {
  const out: Span[] = [];
  for (const token of tokens ?? []) pushInline(known(token), base, color, out);
  return out;
}

function pushInline(token: MarkedToken, base: Style | undefined, color: boolean, out: Span[]): void {
  switch (token.type) {
    case "text":
      if (token.tokens) out.push(...inlineSpans(token.tokens, base, color));
      else out.push({ text: decodeEntities(token.text), style: base });
      return;
    case "escape":
      out.push({ text: token.text, style: base });
      return;
    case "strong":
      out.push(...inlineSpans(token.tokens, merge(base, THEME.strong), color));
      return;
    case "em":
      out.push(...inlineSpans(token.tokens, merge(base, THEME.em), color));
      return;
    case "del": {
      const inner = inlineSpans(token.tokens, merge(base, THEME.del), color);
      if (color) out.push(...inner);
      else out.push({ text: "~~" }, ...inner, { text: "~~" });
      return;
    }
    case "codespan":
      out.push({ text: color ? token.text : `\`${token.text}\``, style: merge(base, THEME.code) });
      return;
    case "br":
      out.push({ text: "\n" });
      return;
    case "link":
      pushLink(token.tokens, token.href, base, color, out);
      return;
    case "image": {
      const alt = decodeEntities(token.text);
      out.push({ text: alt ? `[image: ${alt}]` : "[image]", style: merge(base, THEME.link) });
      if (token.href) out.push({ text: ` (${token.href})`, style: merge(base, THEME.url) });
      return;
    }
    case "checkbox":
      out.push(checkbox(token.checked, base));
      return;
    case "html":
      // Inline HTML is shown as the text the model wrote; a terminal cannot interpret it.
      out.push({ text: token.text, style: base });
      return;
    default:
      out.push({ text: token.raw, style: base });
  }
}

function pushLink(
  tokens: readonly Token[],
  href: string,
  base: Style | undefined,
  color: boolean,
  out: Span[],
): void {
  const label = inlineSpans(tokens, merge(base, THEME.link), color);
  out.push(...label);
  // No OSC 8 hyperlinks: those are escape sequences the rest of the UI strips. The address is
  // shown after the text unless it would only repeat it (autolinks, bare addresses, mail).
  const text = plainText(label).replace(/^`|`$/g, "");
  const repeats =
    href === "" ||
    href === text ||
    href === `mailto:${text}` ||
    href === `http://${text}` ||
    href === `https://${text}`;
  if (!repeats) out.push({ text: ` (${href})`, style: merge(base, THEME.url) });
}

export function checkbox(checked: boolean, base?: Style): Span {
  return checked
    ? { text: "[x]", style: merge(base, THEME.checked) }
    : { text: "[ ]", style: merge(base, THEME.unchecked) };
}
