import { cutDeepInPlace, MAX_DEPTH } from "./depth.js";
import { detach } from "./detach.js";
import { KnownFrameSchema, type KnownFrame } from "./frames.js";
import { asKnownFrame, fastFrame } from "./hotFrames.js";

/**
 * What one text message from the socket turned out to be. Parsing never throws: the server
 * may be newer than us, a proxy may mangle frames, and neither may crash the UI.
 */
export type ParsedFrame =
  // `cut`: values nested deeper than MAX_DEPTH, replaced by a note (see depth.ts).
  | { kind: "frame"; frame: KnownFrame; cut?: number }
  // A JSON object whose type we do not know, or whose known type failed validation.
  | { kind: "unknown"; type: string; raw: Record<string, unknown>; issue?: string; cut?: number }
  | { kind: "malformed"; error: string; sample: string };

/**
 * A parsed frame, and whether every key in it is one the schemas name (a fast-path frame, see
 * hotFrames.ts): the transport log may then write the text as it came without a key search.
 */
export interface ReadFrame {
  parsed: ParsedFrame;
  keysKnown: boolean;
}

/** Frames beyond this size are refused before JSON.parse to bound memory and CPU per frame. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export function parseFrame(text: string): ParsedFrame {
  return readFrame(text).parsed;
}

export function readFrame(text: string): ReadFrame {
  const malformed = (error: string): ReadFrame => ({ parsed: { kind: "malformed", error, sample: detach(text.slice(0, 200)) }, keysKnown: false });
  if (text.length > MAX_FRAME_BYTES) return malformed(`frame of ${text.length} bytes exceeds the limit`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return malformed(err instanceof Error ? err.message : "invalid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return malformed("frame is not a JSON object");
  const obj = value as Record<string, unknown>;
  // Most frames are text chunks of a streaming reply or status snapshots: checked exactly
  // against their schema without zod, and too shallow to need the depth cut.
  const fast = fastFrame(obj);
  if (fast) return { parsed: { kind: "frame", frame: asKnownFrame(obj) }, keysKnown: fast === "known-keys" };
  return { parsed: validate(obj), keysKnown: false };
}

function validate(obj: Record<string, unknown>): ParsedFrame {
  // Before anything walks it: every later recursion over this frame is bounded by MAX_DEPTH.
  const cut = cutDeepInPlace(obj, MAX_DEPTH) || undefined;
  const type = typeof obj.type === "string" ? obj.type : "(no type)";
  const parsed = KnownFrameSchema.safeParse(obj);
  if (parsed.success) return cut ? { kind: "frame", frame: parsed.data, cut } : { kind: "frame", frame: parsed.data };
  const known = KnownFrameSchema.options.some((o) => o.shape.type.value === type);
  return { kind: "unknown", type, raw: obj, issue: known ? parsed.error.issues[0]?.message : undefined, ...(cut ? { cut } : {}) };
}
