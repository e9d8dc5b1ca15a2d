import { escapeControls, pieces, sanitize } from "../sanitize.js";

// The renderer shows server text by the same rule as everything else (src/ui/sanitize.ts):
// controls and invisible characters become visible escapes, nothing is deleted. The caller
// sanitises before rendering; this is a second line of defence so that the renderer's own
// output can never carry an ESC that it did not write itself as part of an SGR code, whatever
// a future caller forgets.

/** Normalise markdown input: CRLF to LF, tabs to two spaces, controls shown as escapes. */
export function clean(text: string): string {
  return sanitize(text);
}

// A streaming reply is cleaned again on every frame, and cleaning is a scan of every character:
// the last few texts are remembered, and a text that extends one of them has only its new end
// cleaned. Cleaning works character by character, so cleaning the two parts gives the same as
// cleaning the whole, unless the cut splits a CRLF or a surrogate pair: then all of it is cleaned.
const RECENT = 4;
const recent: { raw: string; clean: string }[] = [];

/** As clean(text), reusing what was cleaned of an earlier text that `text` extends. */
export function cleanGrowing(text: string): string {
  let best: { raw: string; clean: string } | undefined;
  for (const r of recent) {
    if (r.raw.length > (best?.raw.length ?? 0) && text.startsWith(r.raw) && splittable(r.raw)) best = r;
  }
  const out = !best ? clean(text) : text.length === best.raw.length ? best.clean : best.clean + clean(text.slice(best.raw.length));
  if (best?.raw !== text) {
    recent.unshift({ raw: text, clean: out });
    if (recent.length > RECENT) recent.pop();
  }
  return out;
}

/** Whether cleaning may stop at the end of `text` and carry on with what follows. */
function splittable(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last !== 0x0d && !(last >= 0xd800 && last <= 0xdbff);
}

/**
 * Normalise code for highlighting: CRLF to LF and tabs to two spaces only. Other controls stay
 * raw until `safe`/`safeStyled` turns them into escapes when the lines are written, so that
 * those escapes can be drawn apart from a literal backslash in the code.
 */
export function normalizeCode(text: string): string {
  return text.includes("\r") || text.includes("\t") ? text.replace(/\r\n/g, "\n").replace(/\t/g, "  ") : text;
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  times: "×",
  middot: "·",
  bull: "•",
  larr: "←",
  rarr: "→",
};

// marked itself decodes numeric references (&#27; becomes a real ESC), so input cleaning alone
// is not enough: every span passes through this on its way out.
export function safe(text: string): string {
  const out = escapeControls(text);
  return out.includes("\t") ? out.replace(/\t/g, "  ") : out;
}

// Inverse video on, and off again without touching any other attribute.
const INVERSE_ON = "\u001b[7m";
const INVERSE_OFF = "\u001b[27m";

/** As `safe`, with each escape drawn in inverse video, so `\x1b` from an ESC byte stands apart from typed text. */
export function safeStyled(text: string): string {
  if (safe(text) === text) return text;
  return pieces(text)
    .map((p) => (p.escape ? `${INVERSE_ON}${p.shown}${INVERSE_OFF}` : p.shown))
    .join("");
}

// Named references only: marked has already decoded the numeric ones.
const ENTITY = /&([a-zA-Z][a-zA-Z0-9]{1,31});/g;

/** Markdown text may carry HTML character references; marked leaves named ones for HTML. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, name: string) => NAMED[name] ?? whole);
}
