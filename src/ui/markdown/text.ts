// C0 controls except \n, DEL, and C1 controls. The caller sanitises before rendering; this is
// a second line of defence so that the renderer's own output can never carry an ESC that it
// did not write itself as part of an SGR code, whatever a future caller forgets.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;

/** Normalise input: CRLF to LF, tabs to two spaces (as the sanitiser does), controls removed. */
export function clean(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\t/g, "  ").replace(CONTROL, "");
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
// is not enough: every span passes through this on its way out. Controls are dropped and
// invisible or direction-changing characters shown as \u{...}, as the sanitiser does.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

export function safe(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? "" : `\\u{${cp.toString(16)}}`;
  });
}

// Named references only: marked has already decoded the numeric ones.
const ENTITY = /&([a-zA-Z][a-zA-Z0-9]{1,31});/g;

/** Markdown text may carry HTML character references; marked leaves named ones for HTML. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, name: string) => NAMED[name] ?? whole);
}
