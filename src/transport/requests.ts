import type { Command } from "../protocol/commands.js";
import type { FrameType, KnownFrame } from "../protocol/frames.js";
import { PARTED_RESPONSES } from "../protocol/responses-memory.js";
import { TransportError } from "./errors.js";

export type FrameOf<T extends FrameType> = Extract<KnownFrame, { type: T }>;

interface Pending {
  type: FrameType;
  command: Command["type"];
  resolve(frame: KnownFrame): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  timeoutMs: number;
  /** A response in parts (PARTED_RESPONSES): the items of the parts so far. */
  gathered?: unknown[];
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Correlates responses with requests by `request_id` and `type`. Every request has a timeout,
 * because the server answers unknown or malformed commands with silence (PROTOCOL §2.4), and
 * every pending request is rejected when the socket closes.
 */
export class RequestTracker {
  private readonly pending = new Map<string, Pending>();

  expect<T extends FrameType>(command: Command, responseType: T, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<FrameOf<T>> {
    const id = command.request_id;
    return new Promise<FrameOf<T>>((resolve, reject) => {
      this.pending.set(id, {
        type: responseType,
        command: command.type,
        resolve: (f) => resolve(f as FrameOf<T>),
        reject,
        timer: this.timeout(id, command.type, timeoutMs),
        timeoutMs,
      });
    });
  }

  /**
   * Send a command through `send` and wait for its answer; a send that throws (not connected)
   * rejects the request at once instead of leaving it to time out.
   */
  sendAndExpect<T extends FrameType>(command: Command, responseType: T, timeoutMs: number, send: (command: Command) => void): Promise<FrameOf<T>> {
    const answer = this.expect(command, responseType, timeoutMs);
    try {
      send(command);
    } catch (err) {
      this.fail(command.request_id, err instanceof Error ? err : new Error(String(err)));
    }
    return answer;
  }

  private timeout(id: string, command: string, timeoutMs: number): NodeJS.Timeout {
    return setTimeout(() => {
      this.fail(id, new TransportError("timeout", `No answer to ${command} within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
  }

  /** Settle the request this frame answers, if any; a part of a parted response waits for the rest. */
  settle(frame: KnownFrame): void {
    const id = (frame as { request_id?: unknown }).request_id;
    if (typeof id !== "string") return;
    const waiter = this.pending.get(id);
    if (!waiter || waiter.type !== frame.type) return;
    clearTimeout(waiter.timer);
    const field = PARTED_RESPONSES[frame.type];
    if (field !== undefined) {
      const items = (frame as Record<string, unknown>)[field];
      const gathered = [...(waiter.gathered ?? []), ...(Array.isArray(items) ? items : [])];
      if ((frame as { done?: unknown }).done === false) {
        // Each part restarts the clock: a long listing is slow, not silent.
        waiter.gathered = gathered;
        waiter.timer = this.timeout(id, waiter.command, waiter.timeoutMs);
        return;
      }
      this.pending.delete(id);
      waiter.resolve({ ...frame, [field]: gathered } as KnownFrame);
      return;
    }
    this.pending.delete(id);
    waiter.resolve(frame);
  }

  fail(requestId: string, err: Error): void {
    const waiter = this.pending.get(requestId);
    if (!waiter) return;
    this.pending.delete(requestId);
    clearTimeout(waiter.timer);
    waiter.reject(err);
  }

  failAll(reason: string): void {
    for (const [id, waiter] of this.pending) {
      this.fail(id, new TransportError("closed", `${reason} before the answer to ${waiter.command} arrived.`));
    }
  }

  get size(): number {
    return this.pending.size;
  }
}
