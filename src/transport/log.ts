import { mkdirSync, openSync, type WriteStream } from "node:fs";
import path from "node:path";
import { createSessionFile, defaultLogDir, prune, streamFor } from "./logFiles.js";
import { base64Cut, BASE64_SOURCE, bounded, ESCAPE_OR_BREAK, MAX_LOGGED_DEPTH, NEEDS_CAREFUL, REDACTED, scrubberFor, secretForms, SENSITIVE_KEYS, truncateUtf8 } from "./logScrub.js";
import { redactUrlText } from "./url.js";

export { defaultLogDir } from "./logFiles.js";

/** Non-JSON text is kept only this far: enough to see what went wrong, not a disk filler. */
export const MAX_RAW_BYTES = 64 * 1024;
/** A JSON frame larger than this is stored as truncated text instead (a huge history sync, say). */
const MAX_FRAME_BYTES = 1024 * 1024;
/** Bytes waiting for the disk before records are dropped, so a stuck disk cannot grow the heap. */
const DEFAULT_MAX_BUFFER_BYTES = 8 * 1024 * 1024;
/**
 * Lines are gathered in a buffer of this size and handed to the file once per event-loop turn
 * (or when it is full): one stream write per burst of frames, not one per frame, which was
 * most of what the log still cost.
 */
const CHUNK_BYTES = 64 * 1024;
const FRAME_END = Buffer.from("}\n");

export interface TransportLogOptions {
  /** Exact file to append to (`--log-file`); nothing else in its directory is touched. */
  file?: string | undefined;
  /** Directory for per-session files; defaults to defaultLogDir(). Ignored when `file` is set. */
  dir?: string | undefined;
  /** How many session files to keep in `dir`, this one included. */
  keep?: number;
  /** Strings that must never reach the disk (the bearer token). */
  secrets?: readonly (string | undefined)[];
  /** For tests: the clock that names the file and stamps records. */
  now?: () => Date;
  /** For tests: the write-buffer bound. */
  maxBufferBytes?: number;
  /**
   * Called once, the first time writing fails after a successful open (a full disk, say), so the
   * user hears of it; a failed open is in `error` before this could be set.
   */
  onFailure?: (message: string) => void;
}

type Direction = "send" | "recv" | "event";

/**
 * One NDJSON line per frame or event: {"t":ISO,"dir":"send"|"recv"|"event",...}. Logging is a
 * diagnostic, so no method ever throws or waits: failures are remembered in `error` and the log
 * goes quiet.
 */
export class TransportLog {
  private failure: string | undefined;
  /** Records left out since the last note saying so, and when the first of them was. */
  private dropped = 0;
  private droppedSince = "";
  private awaitingDrain = false;
  private readonly onFailure: ((message: string) => void) | undefined;
  private closed = false;
  private readonly scrub: (text: string) => string;
  /** What the scrub looks for besides URLs: a frame holding none of these needs no scrub. */
  private readonly secretForms: readonly string[];
  /** Lines waiting for the end of this event-loop turn, and how many bytes of it are used. */
  private chunk: Buffer | undefined;
  private used = 0;
  private flushQueued = false;
  /** Milliseconds since the epoch: Date.now unless a test gave a clock. */
  private readonly clock: () => number;
  private readonly maxBuffer: number;

  private constructor(
    readonly path: string | undefined,
    private readonly stream: WriteStream | undefined,
    options: TransportLogOptions,
    failure?: string,
  ) {
    this.failure = failure;
    const secrets = scrubberFor(options.secrets ?? []);
    this.secretForms = secretForms(options.secrets ?? []);
    // A URL's password is a secret whether or not anyone named it: ws://user:***@host.
    this.scrub = (text) => redactUrlText(secrets(text));
    const now = options.now;
    this.clock = now ? () => now().getTime() : Date.now;
    this.maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
    this.onFailure = options.onFailure;
    stream?.on("error", (err) => this.remember(err));
  }

  static open(options: TransportLogOptions = {}): TransportLog {
    try {
      if (options.file !== undefined) {
        const fd = openSync(options.file, "a", 0o600);
        return new TransportLog(options.file, streamFor(options.file, fd), options);
      }
      const dir = options.dir ?? defaultLogDir();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { file, fd } = createSessionFile(dir, (options.now ?? (() => new Date()))());
      prune(dir, path.basename(file), Math.max(1, Math.floor(options.keep ?? 10)));
      return new TransportLog(file, streamFor(file, fd), options);
    } catch (err) {
      return new TransportLog(undefined, undefined, options, `cannot open the transport log: ${messageOf(err)}`);
    }
  }

  /** Why the log is not (or no longer) being written, if it is not. */
  get error(): string | undefined {
    return this.failure;
  }

  /** A command as handed to the socket; a string is treated as the text that went out. */
  sent(frame: unknown): void {
    if (typeof frame === "string") this.text("send", frame);
    else this.frame("send", frame);
  }

  /**
   * The text exactly as it came off the socket. `json`: the caller already parsed it as one JSON
   * object (the frame parser has), so unless it holds something to redact by key it is written
   * as it came, after the same scrub of secrets and URL passwords as every line: no second parse,
   * no re-serialising (that was most of the cost of a frame). `"known-keys"`: moreover every key
   * in it is one the schemas name (protocol/hotFrames.ts), none of them sensitive, so not even
   * the search for keys is needed. `bytes`: the text as the socket delivered it, written as they
   * are when they hold no secret and no URL (nothing to scrub), saving the text's re-encoding.
   */
  received(text: string, json: boolean | "known-keys" = false, bytes?: Uint8Array): void {
    // An image part (history echoing a message with an image) goes the careful way: its data is cut.
    const plain = (json === "known-keys" ? !ESCAPE_OR_BREAK.test(text) : json && !NEEDS_CAREFUL.test(text)) && !text.includes(BASE64_SOURCE);
    if (plain && text.length <= MAX_FRAME_BYTES && this.writable()) {
      const prefix = this.recvPrefix();
      if (bytes && this.nothingToScrub(text)) this.writeBytes(prefix.bytes, bytes);
      else this.write(`${prefix.text}${text}}`);
      return;
    }
    this.text("recv", text);
  }

  /** Connection life: connect, close, reconnect attempts, errors. */
  event(name: string, detail?: Record<string, unknown>): void {
    if (!this.writable()) return;
    const record: Record<string, unknown> = { t: this.stamp(), dir: "event", name };
    if (detail !== undefined) record.detail = detail;
    let line: string;
    try {
      line = JSON.stringify(record, this.replacer);
    } catch {
      line = JSON.stringify({ t: record.t, dir: "event", name, error: "detail could not be serialised" }, this.replacer);
    }
    this.write(line);
  }

  /** Flushes what is queued; resolves (never rejects) once the file is closed. */
  close(): Promise<void> {
    const stream = this.stream;
    // Frames dropped at the very end must still be accounted for.
    if (stream && this.writable()) {
      this.noteDropped();
      this.flush();
    }
    this.closed = true;
    if (!stream || stream.destroyed || stream.closed) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once("close", () => resolve());
      stream.end();
    });
  }

  private text(dir: Direction, text: string): void {
    if (!this.writable()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.raw(dir, text);
      return;
    }
    this.frame(dir, parsed);
  }

  private frame(dir: Direction, frame: unknown): void {
    if (!this.writable()) return;
    let json: string | undefined;
    let depthCut = 0;
    try {
      json = JSON.stringify(frame, this.replacer);
    } catch {
      // Too deep (or cyclic): keep what a reader can use, the outer levels, and say what is gone.
      try {
        const cut = { parts: 0 };
        json = JSON.stringify(bounded(frame, 0, cut), this.replacer);
        depthCut = cut.parts;
      } catch {
        this.write(JSON.stringify({ t: this.stamp(), dir, error: "frame could not be serialised" }));
        return;
      }
    }
    json ??= "null";
    if (Buffer.byteLength(json) > MAX_FRAME_BYTES) {
      // Already redacted by the replacer; raw() cuts it down to size.
      this.raw(dir, json);
      return;
    }
    const note = depthCut > 0 ? `,"depth_cut":{"levels":${MAX_LOGGED_DEPTH},"parts":${depthCut}}` : "";
    this.write(`{"t":${JSON.stringify(this.stamp())},"dir":"${dir}","frame":${json}${note}}`);
  }

  private raw(dir: Direction, text: string): void {
    // Redact before cutting, so the cut cannot leave half a token that no longer matches.
    const clean = this.scrub(text);
    const bytes = Buffer.byteLength(text);
    const record: Record<string, unknown> = { t: this.stamp(), dir, raw: clean, bytes };
    const cleanBytes = Buffer.byteLength(clean);
    if (cleanBytes > MAX_RAW_BYTES) {
      const kept = truncateUtf8(clean, MAX_RAW_BYTES);
      record.raw = kept;
      // How many bytes are missing from `raw`, so nobody mistakes the cut text for the frame.
      record.truncated = cleanBytes - Buffer.byteLength(kept);
    }
    this.write(JSON.stringify(record));
  }

  private write(line: string): void {
    if (this.room()) this.append(line);
  }

  /** Adds a line to the chunk, past the check for room (the note of what was dropped uses it). */
  private append(line: string): void {
    // The last line of defence: whatever path a secret took into this line, it stops here.
    const clean = this.scrub(line);
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 for 2).
    if (!this.reserve(clean.length * 3 + 1)) {
      this.flush();
      this.send(`${clean}\n`);
      return;
    }
    const chunk = this.chunk!;
    this.used += chunk.write(clean, this.used);
    chunk[this.used++] = 0x0a;
  }

  private writeBytes(prefix: Buffer, bytes: Uint8Array): void {
    if (!this.room()) return;
    if (!this.reserve(prefix.length + bytes.length + FRAME_END.length)) {
      this.flush();
      this.send(Buffer.concat([prefix, bytes, FRAME_END]));
      return;
    }
    const chunk = this.chunk!;
    chunk.set(prefix, this.used);
    this.used += prefix.length;
    chunk.set(bytes, this.used);
    this.used += bytes.length;
    chunk.set(FRAME_END, this.used);
    this.used += FRAME_END.length;
  }

  /** Whether a line may be added; if not, it is counted as dropped (the disk is behind). */
  private room(): boolean {
    const stream = this.stream;
    if (!stream || !this.writable()) return false;
    if (stream.writableLength + this.used <= this.maxBuffer) {
      this.noteDropped();
      return true;
    }
    // The disk is slower than the frames: drop whole records rather than grow the heap, and
    // say so as soon as the queue has drained (or at close), whichever comes first.
    if (this.dropped === 0) this.droppedSince = this.stamp();
    this.dropped++;
    // What waits goes to the stream now, so its drain (and the note) comes as soon as it can.
    this.flush();
    if (!this.awaitingDrain) {
      this.awaitingDrain = true;
      stream.once("drain", () => {
        this.awaitingDrain = false;
        if (this.writable()) this.noteDropped();
      });
    }
    return false;
  }

  /** Makes room for `bytes` more in the chunk; false when a line that long needs its own write. */
  private reserve(bytes: number): boolean {
    if (bytes > CHUNK_BYTES) return false;
    if (this.chunk && this.used + bytes > this.chunk.length) this.flush();
    if (!this.chunk) {
      this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      this.used = 0;
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        if (this.writable()) this.flush();
      });
    }
    return true;
  }

  private flush(): void {
    const chunk = this.chunk;
    if (!chunk || this.used === 0) return;
    // The stream keeps the buffer until it is written: the next lines go to a new one.
    this.send(chunk.subarray(0, this.used));
    this.chunk = undefined;
    this.used = 0;
  }

  private send(data: string | Buffer): void {
    try {
      this.stream?.write(data);
    } catch (err) {
      this.remember(err);
    }
  }

  /** No secret (raw or JSON-escaped) and no URL in the text: the scrub would change nothing. */
  private nothingToScrub(text: string): boolean {
    if (text.includes("://")) return false;
    for (const secret of this.secretForms) if (text.includes(secret)) return false;
    return true;
  }

  private noteDropped(): void {
    if (this.dropped === 0) return;
    const record = { t: this.stamp(), dir: "event", name: "log_dropped", detail: { records: this.dropped, since: this.droppedSince, reason: "the disk was slower than the frames" } };
    this.dropped = 0;
    this.append(JSON.stringify(record));
  }

  private writable(): boolean {
    return this.stream !== undefined && !this.closed && this.failure === undefined;
  }

  private remember(err: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = `cannot write the transport log${this.path ? ` ${this.path}` : ""}: ${messageOf(err)}`;
    this.onFailure?.(this.failure);
  }

  private lastMs = Number.NaN;
  private lastStamp = "";
  private prefix = { stamp: "", text: "", bytes: Buffer.alloc(0) };

  /** The start of a received frame's line, as text and bytes; made once per millisecond. */
  private recvPrefix(): { text: string; bytes: Buffer } {
    const stamp = this.stamp();
    if (stamp !== this.prefix.stamp) {
      // ASCII only (a timestamp and fixed words): one byte a character.
      const text = `{"t":"${stamp}","dir":"recv","frame":`;
      this.prefix = { stamp, text, bytes: Buffer.from(text, "latin1") };
    }
    return this.prefix;
  }

  /** The record's time; a flood stamps many records in one millisecond, formatted once. */
  private stamp(): string {
    const ms = this.clock();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastStamp = new Date(ms).toISOString();
    }
    return this.lastStamp;
  }

  private readonly replacer = (key: string, value: unknown): unknown => {
    if (key && SENSITIVE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ""))) return REDACTED;
    const image = base64Cut(value);
    if (image) return image;
    if (typeof value === "string") return this.scrub(value);
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) {
      const code = (value as NodeJS.ErrnoException).code;
      return code === undefined ? { name: value.name, message: value.message } : { name: value.name, message: value.message, code };
    }
    return value;
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
