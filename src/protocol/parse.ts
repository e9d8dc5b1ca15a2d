import { cutDeepInPlace, MAX_DEPTH } from "./depth.js";
import { detach } from "./detach.js";
import { KnownFrameSchema, type KnownFrame } from "./frames.js";

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

/** Frames beyond this size are refused before JSON.parse to bound memory and CPU per frame. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export function parseFrame(text: string): ParsedFrame {
  if (text.length > MAX_FRAME_BYTES) {
    return { kind: "malformed", error: `frame of ${text.length} bytes exceeds the limit`, sample: detach(text.slice(0, 200)) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { kind: "malformed", error: err instanceof Error ? err.message : "invalid JSON", sample: detach(text.slice(0, 200)) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "malformed", error: "frame is not a JSON object", sample: detach(text.slice(0, 200)) };
  }
  const obj = value as Record<string, unknown>;
  // Before anything walks it: every later recursion over this frame is bounded by MAX_DEPTH.
  const cut = cutDeepInPlace(obj, MAX_DEPTH) || undefined;
  const type = typeof obj.type === "string" ? obj.type : "(no type)";
  const parsed = KnownFrameSchema.safeParse(obj);
  if (parsed.success) return cut ? { kind: "frame", frame: parsed.data, cut } : { kind: "frame", frame: parsed.data };
  const known = KnownFrameSchema.options.some((o) => o.shape.type.value === type);
  return { kind: "unknown", type, raw: obj, issue: known ? parsed.error.issues[0]?.message : undefined, ...(cut ? { cut } : {}) };
}
