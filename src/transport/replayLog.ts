import { z } from "zod";
import { boundedJson } from "../protocol/depth.js";
import { parseFrame, type ParsedFrame } from "../protocol/parse.js";
import { runtimeKey, RuntimeScopeSchema, type RuntimeScope } from "../protocol/runtime.js";
import type { StoreEvent } from "../store/events.js";
import { redactUrlText } from "./url.js";

/** One store event from a transport log, `at` ms after the log's first record. */
export interface ReplayRecord {
  at: number;
  event: StoreEvent;
}

export interface TransportLogReplay {
  records: ReplayRecord[];
  /** Lines that were not a transport-log record at all (torn writes, hand edits, other files). */
  skipped: number;
}

// Loose on purpose: a log written by a newer letta-tui may carry fields we do not know, and a
// replay should still show what it can. Only what the conversion reads is checked.
const LineSchema = z.looseObject({
  t: z.string(),
  dir: z.enum(["send", "recv", "event"]),
  frame: z.unknown().optional(),
  raw: z.string().optional(),
  name: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
type Line = z.infer<typeof LineSchema>;

const TextPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });
const SentInputSchema = z.looseObject({
  type: z.literal("input"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  payload: z.looseObject({
    kind: z.string(),
    // create_message
    messages: z.array(z.looseObject({ content: z.union([z.string(), z.array(TextPartSchema)]), client_message_id: z.string() })).optional(),
    // approval_response: request_id is the approval's id; no decision means the server denies.
    request_id: z.string().optional(),
    decision: z.looseObject({ behavior: z.string() }).optional(),
  }),
});
const HistoryRequestSchema = z.looseObject({
  type: z.literal("conversation_messages_list"),
  request_id: z.string(),
  conversation_id: z.string(),
  query: z.looseObject({ agent_id: z.string().optional() }).optional(),
});
const HistoryResponseSchema = z.looseObject({
  type: z.literal("conversation_messages_list_response"),
  request_id: z.string(),
  success: z.boolean(),
  messages: z.array(z.unknown()).optional(),
});

/** What the client logs for a binary message instead of its bytes (see AppServerClient). */
const BINARY_PLACEHOLDER = "(binary frame)";

/**
 * Turns a transport log (NDJSON, see log.ts) into the store events the live session produced.
 * Never throws: a line that is not a record is counted in `skipped` and the rest still plays.
 */
export function readTransportLog(text: string): TransportLogReplay {
  const converter = new Converter();
  let skipped = 0;
  let start: number | undefined;
  const records: ReplayRecord[] = [];
  for (const raw of text.split("\n")) {
    if (!raw.trim()) continue;
    const line = parseLine(raw);
    const time = line ? Date.parse(line.t) : NaN;
    if (!line || Number.isNaN(time)) {
      skipped++;
      continue;
    }
    start ??= time;
    // A clock stepped back mid-session must not produce a negative delay.
    const at = Math.max(0, time - start);
    for (const event of converter.eventsOf(line)) records.push({ at, event });
  }
  return { records, skipped };
}

function parseLine(text: string): Line | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const line = LineSchema.safeParse(value);
  return line.success ? line.data : undefined;
}

/** Keeps the little state the conversion needs: the URL, the runtimes, open history requests. */
class Converter {
  private url = "";
  private readonly scopes = new Map<string, RuntimeScope>();
  private readonly historyRequests = new Map<string, { conversationId: string; agentId?: string | undefined }>();
  /** Runtimes whose first history (the attach backfill) came; later ones ended a resync. */
  private readonly backfilled = new Set<string>();
  /** A new socket opened since the last resync (it dropped what the old one had queued). */
  private reconnected = false;

  eventsOf(line: Line): StoreEvent[] {
    switch (line.dir) {
      case "recv":
        return this.received(line);
      case "send":
        return line.frame === undefined ? [] : this.sent(line.frame);
      case "event":
        return this.connection(line);
    }
  }

  private received(line: Line): StoreEvent[] {
    let parsed: ParsedFrame;
    if (line.frame !== undefined) parsed = parseFrame(boundedJson(line.frame));
    else if (line.raw === BINARY_PLACEHOLDER) parsed = { kind: "malformed", error: "binary frame", sample: "" };
    // Raw text goes through the parser as it did live, so it lands in the debug view again.
    else if (line.raw !== undefined) parsed = parseFrame(line.raw);
    else return [];
    const events: StoreEvent[] = [{ type: "frame", parsed }];
    if (parsed.kind !== "frame") return events;
    const frame = parsed.frame;
    if (frame.type === "runtime_start_response" && frame.success && frame.runtime) {
      this.scopes.set(runtimeKey(frame.runtime), frame.runtime);
    }
    // The store ignores this response; live, the controller turned it into a history event.
    const history = HistoryResponseSchema.safeParse(line.frame);
    if (history.success) {
      const scope = this.historyScope(history.data.request_id);
      // Live, every history after the attach's ends a resync or a heal after a gap
      // (controller.ts, heal.ts); what was cut is settled there.
      const afterGap = !!scope && this.backfilled.has(runtimeKey(scope));
      if (scope && history.data.success && history.data.messages) events.push({ type: "history", scope, messages: history.data.messages, afterGap });
      if (scope && afterGap) {
        events.push({ type: "resynced", scope, reconnected: this.reconnected });
        this.reconnected = false;
      } else if (scope) this.backfilled.add(runtimeKey(scope));
    }
    return events;
  }

  /** Our own commands become the local events the controller dispatched when it sent them. */
  private sent(frame: unknown): StoreEvent[] {
    const history = HistoryRequestSchema.safeParse(frame);
    if (history.success) {
      const { request_id, conversation_id, query } = history.data;
      this.historyRequests.set(request_id, { conversationId: conversation_id, agentId: query?.agent_id });
      return [];
    }
    const input = SentInputSchema.safeParse(frame);
    if (!input.success) return [];
    const { request_id: requestId, runtime: scope, payload } = input.data;
    if (payload.kind === "create_message") {
      return (payload.messages ?? []).map((m) => ({
        type: "message_sent",
        scope,
        requestId,
        clientMessageId: m.client_message_id,
        text: typeof m.content === "string" ? m.content : textOfParts(m.content),
      }));
    }
    if (payload.kind === "approval_response" && payload.request_id !== undefined) {
      const behavior = payload.decision?.behavior === "allow" ? "allow" : "deny";
      return [{ type: "approval_sent", scope, requestId, approvalId: payload.request_id, behavior }];
    }
    return [];
  }

  private connection(line: Line): StoreEvent[] {
    const detail = line.detail ?? {};
    const error = typeof detail.error === "string" ? detail.error : undefined;
    switch (line.name) {
      case "connect":
        // A log written before passwords were masked may hold one: the replay never shows it.
        if (typeof detail.url === "string") this.url = redactUrlText(detail.url);
        return [{ type: "connection", status: "connected", url: this.url }];
      case "reconnected":
        this.reconnected = true;
        return [{ type: "connection", status: "connected", url: this.url }];
      case "connect_failed":
        return [{ type: "connection", status: "failed", url: this.url, error: error === undefined ? undefined : redactUrlText(error) }];
      case "lost": {
        const code = typeof detail.code === "number" ? detail.code : "?";
        const reason = typeof detail.reason === "string" && detail.reason ? `: ${detail.reason}` : "";
        return [{ type: "connection", status: "reconnecting", url: this.url, error: `connection lost (${code}${reason})` }];
      }
      case "offline":
        return [{ type: "connection", status: "offline", url: this.url, error: error === undefined ? undefined : redactUrlText(error) }];
      case "close":
        return [{ type: "connection", status: "closed", url: this.url }];
      default:
        // reconnect_attempt, heartbeat_timeout, log_dropped: diagnostics with no screen state.
        return [];
    }
  }

  /** The runtime a history request was for: the default conversation is named by its agent. */
  private historyScope(requestId: string): RuntimeScope | undefined {
    const request = this.historyRequests.get(requestId);
    if (!request) return undefined;
    this.historyRequests.delete(requestId);
    for (const scope of this.scopes.values()) {
      if (scope.conversation_id !== request.conversationId) continue;
      if (request.agentId === undefined || scope.agent_id === request.agentId) return scope;
    }
    return undefined;
  }
}

function textOfParts(parts: readonly z.infer<typeof TextPartSchema>[]): string {
  return parts.map((p) => (p.type === "text" ? (p.text ?? "") : `[${p.type}]`)).join("\n");
}

/** Waits and timers, injectable so tests can drive a replay without real time passing. */
export interface ReplayClock {
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const realClock: ReplayClock = {
  now: () => performance.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** Idle gaps in a log (the user reading, a lunch break) play back no longer than this. */
export const MAX_REPLAY_WAIT_MS = 2000;
/** Events dispatched per timer turn at most, so a fast replay of a huge log still lets keys in. */
const BATCH = 200;

export interface Playback {
  cancel(): void;
  /** Settles once every record was dispatched ("finished") or on cancel ("cancelled"). */
  done: Promise<"finished" | "cancelled">;
}

/**
 * Dispatches each record `at / speed` ms after the previous one's time, every wait capped at
 * MAX_REPLAY_WAIT_MS. Speed 0 or Infinity plays as fast as possible. Targets are absolute (the
 * sum of capped waits), so timer lateness does not add up over a long log.
 */
export function schedule(
  records: readonly ReplayRecord[],
  speed: number,
  onEvent: (event: StoreEvent) => void,
  clock: ReplayClock = realClock,
): Playback {
  const fast = !(speed > 0 && Number.isFinite(speed));
  const due: number[] = [];
  let offset = 0;
  records.forEach((record, i) => {
    const gap = i === 0 ? record.at : record.at - (records[i - 1]?.at ?? 0);
    offset += fast ? 0 : Math.min(MAX_REPLAY_WAIT_MS, Math.max(0, gap / speed));
    due.push(offset);
  });

  const start = clock.now();
  let next = 0;
  let stopTimer: (() => void) | undefined;
  let settle: (outcome: "finished" | "cancelled") => void = () => undefined;
  let fail: (err: unknown) => void = () => undefined;
  const done = new Promise<"finished" | "cancelled">((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });

  const tick = () => {
    stopTimer = undefined;
    try {
      const elapsed = clock.now() - start;
      let sent = 0;
      while (next < records.length && (due[next] ?? 0) <= elapsed && sent < BATCH) {
        const record = records[next++];
        if (record) onEvent(record.event);
        sent++;
      }
    } catch (err) {
      next = records.length;
      fail(err);
      return;
    }
    if (next >= records.length) {
      settle("finished");
      return;
    }
    stopTimer = clock.setTimer(tick, Math.max(0, (due[next] ?? 0) - (clock.now() - start)));
  };
  // The first batch also waits a turn, so a caller can subscribe before anything is dispatched.
  stopTimer = clock.setTimer(tick, due[0] ?? 0);

  return {
    done,
    cancel() {
      if (next >= records.length && !stopTimer) return;
      stopTimer?.();
      stopTimer = undefined;
      next = records.length;
      settle("cancelled");
    },
  };
}
