// What the transport log keeps out: secrets (keys that name one, and the token and URL
// password themselves, raw or JSON-escaped), image data, and nesting JSON.stringify cannot write.

export const REDACTED = "[redacted]";
/**
 * A frame nested deeper than this cannot be re-serialised by JSON.stringify (a 10 KB frame of
 * 5 000 levels overflows the stack); it is logged cut at this depth, with a note.
 */
export const MAX_LOGGED_DEPTH = 64;
export const DEPTH_CUT = "[nested deeper: cut]";
/** Compared after lower-casing and dropping - and _, so apiKey, API-Key and api_key all match. */
export const SENSITIVE_KEYS = new Set(["authorization", "token", "apikey", "password"]);
/**
 * A JSON key that could be one of SENSITIVE_KEYS as it stands in the text ("API-Key":), or any
 * \u escape (a key or secret spelt with escapes would slip past a match on the text): a frame
 * with either goes the careful way, parsed and re-written with the replacer.
 */
export const NEEDS_CAREFUL = new RegExp(
  `"[-_]*(?:${[...SENSITIVE_KEYS].map((k) => [...k].map(anyCase).join("[-_]*")).join("|")})[-_]*"\\s*:|\\\\u|[\\n\\r]`,
);

/**
 * Every character the replacer's toLowerCase() turns into `letter`: its two ASCII cases, and
 * for "k" the Kelvin sign (U+212A), the one non-ASCII character that lower-cases to an ASCII
 * letter. Spelt out rather than left to the `i` flag, which does not fold it (and is slower).
 */
export function anyCase(letter: string): string {
  return `[${letter}${letter.toUpperCase()}${letter === "k" ? "\u212A" : ""}]`;
}
/** For a frame whose keys are known: only a secret spelt with escapes, or a raw line break. */
export const ESCAPE_OR_BREAK = /\\u|[\n\r]/;
/** How an image part's source is spelt in a frame: `"type":"base64"`. */
export const BASE64_SOURCE = '"base64"';
/** Base64 data longer than this is left out of the log (an image is megabytes of it). */
export const MAX_LOGGED_BASE64 = 64;

/**
 * An image source ({type:"base64", media_type, data}) with its data replaced by a note of its
 * size, or undefined for anything else: a 5 MB image must not fill the log or be kept in it.
 */
export function base64Cut(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v.type !== "base64" || typeof v.data !== "string" || v.data.length <= MAX_LOGGED_BASE64) return undefined;
  return { ...v, data: `[base64: ${v.data.length} chars not logged]` };
}

/** A copy whose levels below MAX_LOGGED_DEPTH are replaced by DEPTH_CUT; counts what it cut. */
export function bounded(value: unknown, depth: number, cut: { parts: number }): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_LOGGED_DEPTH) {
    cut.parts++;
    return DEPTH_CUT;
  }
  // Dates and the like: what JSON.stringify would have written for them.
  const own = value as { toJSON?: unknown };
  if (typeof own.toJSON === "function") return bounded((own.toJSON as () => unknown).call(value), depth, cut);
  if (Array.isArray(value)) return value.map((v) => bounded(v, depth + 1, cut));
  // Errors keep their shape for the replacer, which knows how to write them.
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = bounded(v, depth + 1, cut);
  return out;
}

/**
 * Replaces every secret, raw or as it looks inside a JSON string (a token with a quote or a
 * backslash is escaped there), in one pass so a replacement is never matched again.
 */
export function scrubberFor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = secretForms(secrets);
  if (forms.length === 0) return (text) => text;
  const pattern = new RegExp(
    forms
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
    "g",
  );
  return (text) => text.replace(pattern, REDACTED);
}

/** Each secret raw and as it looks inside a JSON string (a quote or a backslash is escaped there). */
export function secretForms(secrets: readonly (string | undefined)[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms];
}

export function truncateUtf8(text: string, maxBytes: number): string {
  // Each UTF-16 unit is at least one UTF-8 byte, so slicing first bounds the copy.
  const cut = Buffer.from(text.slice(0, maxBytes)).subarray(0, maxBytes).toString("utf8");
  // A multi-byte character split by the cut decodes as U+FFFD; drop it rather than invent a character.
  return cut.replace(/\uFFFD$/, "");
}

