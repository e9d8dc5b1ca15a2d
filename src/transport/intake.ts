import type WebSocket from "ws";
import { MAX_FRAME_BYTES, readFrame, type ParsedFrame } from "../protocol/parse.js";
import type { RequestTracker } from "./requests.js";
import { rawToString } from "./socket.js";

/** Where frames are written for the transport log; a no-op when logging is off. */
export interface FrameLog {
  sent(frame: unknown): void;
  /**
   * `json`: the text parsed as one JSON object (the log may then skip its own parse);
   * `"known-keys"`: and every key in it is one the schemas name (no key search needed).
   * `bytes`: the same text as the socket delivered it, when the caller has them.
   */
  received(text: string, json?: boolean | "known-keys", bytes?: Uint8Array): void;
  event(name: string, detail?: Record<string, unknown>): void;
}

export const NO_LOG: FrameLog = { sent() {}, received() {}, event() {} };

/** Who gets the frames of a link: the controller, through ClientEvents. */
export interface FrameSink {
  onFrame(parsed: ParsedFrame): void;
  /** event_seq skipped or went back on one socket: something dropped frames; resync. */
  onSequenceGap?(expected: number, got: number): void;
}

/** The text of one socket message; the protocol is JSON text, so a binary message has none. */
export function messageText(data: WebSocket.RawData, isBinary: boolean): string | null {
  return isBinary ? null : rawToString(data);
}

/**
 * What every link to a runtime host does with a message that arrives, whichever side dialled
 * (AppServerClient, direct-mode Environment): log it, parse it, check event_seq, settle the
 * request it answers, and hand it to the controller. One place, so both kinds of link treat a
 * frame the same way.
 */
export class FrameIntake {
  private expectedSeq: number | null = null;

  constructor(
    private readonly tracker: RequestTracker,
    private readonly log: FrameLog,
    /** Null while nobody listens (a dialled-in runtime without a controller yet). */
    private readonly sink: () => FrameSink | null,
  ) {}

  /** A new socket: event_seq counts from its own start again (PROTOCOL §2.3). */
  newSocket(): void {
    this.expectedSeq = null;
  }

  /**
   * Log and parse one message (`null`: a binary one). Never throws. `bytes`: the message as it
   * came, for the log to write without encoding the text again.
   */
  parse(text: string | null, bytes?: Uint8Array): ParsedFrame {
    if (text === null) {
      this.log.received("(binary frame)");
      return { kind: "malformed", error: "binary frame", sample: "" };
    }
    const { parsed, keysKnown } = readFrame(text);
    this.log.received(text, keysKnown ? "known-keys" : parsed.kind !== "malformed", bytes);
    return parsed;
  }

  /**
   * Settle the request a frame answers and hand it on. `checkSequence` is off for frames that
   * come out of the legacy merger: each of those sockets has gaps by design, and the merger
   * already restored the order.
   */
  deliver(parsed: ParsedFrame, checkSequence = true): void {
    if (parsed.kind === "frame") {
      if (checkSequence) this.checkSequence(parsed.frame as { event_seq?: unknown });
      this.tracker.settle(parsed.frame);
    }
    this.sink()?.onFrame(parsed);
  }

  receive(text: string | null): void {
    this.deliver(this.parse(text));
  }

  /**
   * An error on an open socket, just before it closes. A frame over maxPayload (MAX_FRAME_BYTES)
   * is the one we cause ourselves: it goes to the debug log, and the returned words say why the
   * connection was lost (the socket is dropped; the link reconnects and resyncs).
   */
  socketError(err: Error): string | undefined {
    if (!/max(imum)? ?payload|too big/i.test(err.message)) return undefined;
    const why = `the server sent a frame larger than ${MAX_FRAME_BYTES / (1024 * 1024)} MiB; it was dropped with the connection`;
    this.log.event("frame_too_big", { limit: MAX_FRAME_BYTES });
    this.sink()?.onFrame({ kind: "malformed", error: why, sample: "" });
    return why;
  }

  /** event_seq counts 1, 2, 3 … per socket (PROTOCOL §2.3); anything else means lost frames. */
  private checkSequence(frame: { event_seq?: unknown }): void {
    if (typeof frame.event_seq !== "number") return;
    const got = frame.event_seq;
    if (this.expectedSeq !== null && got !== this.expectedSeq) this.sink()?.onSequenceGap?.(this.expectedSeq, got);
    this.expectedSeq = got + 1;
  }
}
