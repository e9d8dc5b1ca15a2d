import { sizeText } from "./registry.js";

// An image is what its first bytes say, not what its name says: a `.png` that is a text file
// (or a `.jpg` that is a PNG) is caught here, before anything is sent. The pixel size is read
// from the header where it is cheap (it always is for these four formats).

/** Letta Code's own limit for an image in a message. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Model APIs refuse an image wider or taller than this (Anthropic's limit); Letta Code scales down to 2000. */
export const MAX_IMAGE_SIDE = 8000;

export interface Sniffed {
  readonly mediaType: "image/png" | "image/jpeg" | "image/gif" | "image/webp";
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i] ?? 0) * 0x1000000) + (((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0));

/** JPEG: the first start-of-frame marker holds the size. */
function jpegSize(b: Uint8Array): { width?: number; height?: number } {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return {};
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    i += 2 + u16be(b, i + 2);
  }
  return {};
}

function webpSize(b: Uint8Array): { width?: number; height?: number } {
  const chunk = ascii(b, 12, 16);
  if (chunk === "VP8X") return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === "VP8L") {
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return {};
}

/** The image type (and size) the bytes show, or undefined for anything else. */
export function sniffImage(b: Uint8Array): Sniffed | undefined {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { mediaType: "image/png", ...(b.length >= 24 ? { width: u32be(b, 16), height: u32be(b, 20) } : {}) };
  }
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { mediaType: "image/jpeg", ...jpegSize(b) };
  if (b.length >= 6 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) {
    return { mediaType: "image/gif", ...(b.length >= 10 ? { width: u16le(b, 6), height: u16le(b, 8) } : {}) };
  }
  if (b.length >= 16 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return { mediaType: "image/webp", ...webpSize(b) };
  return undefined;
}

/** The image's type, or why it cannot be sent (`what` names it in the reason: "cat.png", "the clipboard's image"). */
/** Why an image of `bytes` bytes cannot be sent, if it cannot (checked before a file is read). */
export function sizeError(bytes: number, what: string): string | undefined {
  if (bytes === 0) return `${what} is empty`;
  if (bytes > MAX_IMAGE_BYTES) return `${what} is ${sizeText(bytes)}: images over ${sizeText(MAX_IMAGE_BYTES)} are not sent`;
  return undefined;
}

export function checkImage(b: Uint8Array, what: string): { ok: true; sniffed: Sniffed } | { ok: false; error: string } {
  const tooBig = sizeError(b.length, what);
  if (tooBig) return { ok: false, error: tooBig };
  const sniffed = sniffImage(b);
  if (!sniffed) return { ok: false, error: `${what} is not a PNG, JPEG, GIF or WebP image (by its first bytes)` };
  const { width = 0, height = 0 } = sniffed;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    return { ok: false, error: `${what} is ${width}x${height} pixels: models take at most ${MAX_IMAGE_SIDE} on a side` };
  }
  return { ok: true, sniffed };
}
