import type { StoreEvent } from "../../src/store/events.js";
import { allItems } from "../../src/store/archive.js";
import type { AppState, TranscriptItem } from "../../src/store/state.js";
import { frameEvent, knownFrame } from "./arbitraries.js";

// The server forwards the model's stream token by token, so where one delta ends and the next
// begins is an accident of timing. These helpers cut the text of a recorded delta at other
// points, as the server could have sent it, for the chunking property in reducer-properties.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** `text` cut at the given points (taken modulo its length in code points), in order. */
export function splitText(text: string, cuts: readonly number[]): string[] {
  const chars = Array.from(text);
  const points = [...new Set(cuts.map((c) => c % (chars.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(chars.slice(from, p).join(""));
    from = p;
  }
  out.push(chars.slice(from).join(""));
  return out;
}

/** The text of an assistant `content`, and how to rebuild a content of the same form. */
function contentPieces(content: unknown, cuts: readonly number[]): unknown[] | undefined {
  if (typeof content === "string") return splitText(content, cuts);
  if (!Array.isArray(content) || content.length !== 1 || !isObj(content[0]) || typeof content[0].text !== "string") return undefined;
  const part = content[0];
  return splitText(part.text as string, cuts).map((text) => [{ ...part, text }]);
}

/** One tool call chunk split in `n` argument pieces; the name only on the first, as streamed. */
function callPieces(call: unknown, cuts: readonly number[]): Obj[] | undefined {
  if (!isObj(call) || typeof call.arguments !== "string") return undefined;
  return splitText(call.arguments, cuts).map((args, i) => {
    const { name, ...rest } = call;
    return i === 0 && name !== undefined ? { ...rest, name, arguments: args } : { ...rest, arguments: args };
  });
}

/** Deltas that carry cumulative stdout (PROTOCOL §4.1.1): earlier frames carried a prefix of it. */
function stdoutPieces(delta: Obj, cuts: readonly number[]): Obj[] | undefined {
  const returns = delta.tool_returns;
  if (!String(delta.id ?? "").startsWith("synthetic-tool-return-stream-") || !Array.isArray(returns) || returns.length !== 1) return undefined;
  const r = returns[0];
  if (!isObj(r) || !Array.isArray(r.stdout)) return undefined;
  const full = r.stdout.join("\n");
  const pieces = splitText(full, cuts);
  let acc = "";
  return pieces.map((p, i) => {
    acc += p;
    if (i === pieces.length - 1) return delta; // the recorded frame itself ends the run
    const lines = acc.split("\n");
    return { ...delta, tool_return: acc, tool_returns: [{ ...r, tool_return: acc, stdout: lines }] };
  });
}

/** The deltas one recorded delta could have been sent as; undefined when it is not text. */
function deltaPieces(delta: Obj, cuts: readonly number[]): Obj[] | undefined {
  switch (delta.message_type) {
    case "assistant_message":
      return contentPieces(delta.content, cuts)?.map((content) => ({ ...delta, content }));
    case "reasoning_message":
      return typeof delta.reasoning === "string" ? splitText(delta.reasoning, cuts).map((reasoning) => ({ ...delta, reasoning })) : undefined;
    case "approval_request_message":
    case "tool_call_message": {
      // Newer servers send the same chunk twice, in tool_calls[] and the deprecated tool_call.
      const many = Array.isArray(delta.tool_calls) ? delta.tool_calls.map((c) => callPieces(c, cuts)) : undefined;
      const one = delta.tool_call === undefined ? undefined : callPieces(delta.tool_call, cuts);
      if (many?.some((p) => p === undefined) || (delta.tool_call !== undefined && one === undefined)) return undefined;
      const count = cuts.length === 0 ? 1 : (many?.[0] ?? one)?.length;
      if (!count || (many && many.some((p) => p!.length !== count)) || (one && one.length !== count)) return undefined;
      return Array.from({ length: count }, (_, i) => ({
        ...delta,
        ...(many ? { tool_calls: many.map((p) => p![i]) } : {}),
        ...(one ? { tool_call: one[i] } : {}),
      }));
    }
    case "tool_return_message":
      return stdoutPieces(delta, cuts);
    default:
      return undefined;
  }
}

/** `event` as the frames the server could have sent instead (just `[event]` if not text). */
export function rechunk(event: StoreEvent, cuts: readonly number[]): StoreEvent[] {
  const f = knownFrame(event);
  // Subagent deltas are left alone: they feed a one-line activity summary, not the transcript.
  if (f?.type !== "stream_delta" || f.subagent_id || !isObj(f.delta)) return [event];
  const pieces = deltaPieces(f.delta, cuts);
  return pieces ? pieces.map((delta) => frameEvent({ ...f, delta })) : [event];
}

/** Whether `rechunk` can cut this event at all (so the property knows it checked something). */
export function isTextDelta(event: StoreEvent): boolean {
  return rechunk(event, [1]).length > 1;
}

/**
 * A variant of recorded events in which assistant text arrives as reasoning: the recordings have
 * no reasoning model, but reasoning deltas stream and merge the same way (append by id).
 */
export function asReasoning(events: readonly StoreEvent[]): StoreEvent[] {
  return events.map((e) => {
    const f = knownFrame(e);
    const d = f?.type === "stream_delta" ? f.delta : undefined;
    if (!f || !isObj(d) || d.message_type !== "assistant_message") return e;
    const { content, ...rest } = d;
    const text = typeof content === "string" ? content : Array.isArray(content) ? content.map((p) => (isObj(p) ? String(p.text ?? "") : "")).join("") : "";
    return frameEvent({ ...f, delta: { ...rest, message_type: "reasoning_message", reasoning: text } });
  });
}

/** What the transcript says, runtime by runtime: every item with its text, args and output. */
export function transcriptText(state: AppState): Record<string, readonly TranscriptItem[]> {
  return Object.fromEntries(Object.entries(state.runtimes).map(([k, rt]) => [k, allItems(rt.transcript)]));
}
