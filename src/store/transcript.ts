import { contentText, userContentText, type Delta } from "../protocol/deltas.js";
import { detach } from "../protocol/detach.js";
import { archiveHas, lookup, settle } from "./archive.js";
import { withoutInjectedContext } from "./injected.js";
import { own } from "./own.js";
import { taskNoticeLine, taskNotices } from "./taskNotification.js";
import type { NoticeLevel, RuntimeState, ToolStatus, Transcript, TranscriptItem } from "./state.js";

// Pure transcript updates for one runtime. Deltas merge by id (PROTOCOL §2.3): assistant and
// reasoning chunks append, tool rows key by tool_call_id, streaming tool output replaces.

type Item<K extends TranscriptItem["kind"]> = Extract<TranscriptItem, { kind: K }>;

function withTranscript(rt: RuntimeState, t: Transcript): RuntimeState {
  return { ...rt, transcript: settle(t) };
}

/**
 * Insert or replace a live item; a new item closes every earlier streaming text item. Finished
 * items are immutable: an update for one (a late echo, a repeated return) changes nothing.
 */
export function upsertItem(rt: RuntimeState, item: TranscriptItem): RuntimeState {
  const t = rt.transcript;
  const current = own(t.items, item.key);
  if (current?.done) return rt;
  if (current) return withTranscript(rt, { ...t, items: { ...t.items, [item.key]: item } });
  if (archiveHas(t, item.key)) return rt;
  const items: Record<string, TranscriptItem> = { ...t.items };
  const cut = rt.cut?.keys ?? [];
  // Our messages still waiting for input_accepted stay last, as the server places a message
  // only when it takes it: what streams meanwhile (a resent message's turn) goes before them
  // (found by reliability-proxy: `w10` shown above the reply to the `t10` resent before it).
  let at = t.order.length;
  if (!sending(item)) while (at > 0 && sending(items[t.order[at - 1]!]!)) at--;
  // A note (a background task's notification, a connection note) is not the turn's next
  // message: a reply streaming around it goes on (found by reliability-proxy: a reflection's
  // notification mid-reply froze it at `tick1 tick2`, the rest of its deltas dropped).
  // A memory change is such a note too: it is read after the tool that made it returned.
  for (let i = item.kind === "notice" || item.kind === "memory" ? -1 : at - 1; i >= 0; i--) {
    const k = t.order[i]!;
    const prev = items[k]!;
    if (prev.done) break;
    // A row cut by a lost connection waits for the server's history (history.ts), not for this.
    if ((prev.kind === "assistant" || prev.kind === "reasoning") && !cut.includes(k)) items[k] = { ...prev, done: true };
  }
  items[item.key] = item;
  return withTranscript(rt, { ...t, order: [...t.order.slice(0, at), item.key, ...t.order.slice(at)], items });
}

const sending = (it: TranscriptItem) => it.kind === "user" && it.state === "sending" && !it.done;

/**
 * Our messages still `sending` that a running run took, by the server's run map: a copy written
 * on a socket the heartbeat gave up on, whose input_accepted went there. The message started;
 * its row moves above what that run streamed meanwhile, which upsertItem put before it while it
 * looked unplaced (found by reliability-freeze, seed 1 #6: `reply t6` shown above `t6`).
 */
export function placeTakenMessages(rt: RuntimeState): RuntimeState {
  const loop = rt.loop;
  const runs = loop?.client_message_ids_by_run_id;
  if (!loop?.active_run_ids?.length || !runs) return rt;
  const taken = new Set(loop.active_run_ids.flatMap((run) => runs[run] ?? []));
  let t = rt.transcript;
  for (const key of t.order) {
    const item = t.items[key]!;
    if (item.kind !== "user" || !sending(item) || !taken.has(key.slice("user:".length))) continue;
    const order = t.order.filter((k) => k !== key);
    let at = t.order.indexOf(key);
    // Above the unfinished rows the run wrote just before it; never above another message.
    while (at > 0 && !t.items[order[at - 1]!]!.done && t.items[order[at - 1]!]!.kind !== "user") at--;
    order.splice(at, 0, key);
    t = { ...t, order, items: { ...t.items, [key]: { ...item, state: "started" } } };
  }
  return t === rt.transcript ? rt : withTranscript(rt, t);
}

/** Forget a message we were holding in the local queue. */
export function dequeueLocal(rt: RuntimeState, clientMessageId: string): RuntimeState {
  if (!own(rt.queuedMessages, clientMessageId)) return rt;
  const queuedMessages = { ...rt.queuedMessages };
  delete queuedMessages[clientMessageId];
  return { ...rt, queuedMessages };
}

/** Take a live item out of the transcript (a message that turned out to be queued). */
export function removeItem(rt: RuntimeState, key: string): RuntimeState {
  const t = rt.transcript;
  if (!t.items[key]) return rt;
  const items = { ...t.items };
  delete items[key];
  return withTranscript(rt, { ...t, order: t.order.filter((k) => k !== key), items });
}

export function getItem<K extends TranscriptItem["kind"]>(rt: RuntimeState, key: string, kind: K): Item<K> | undefined {
  const item = lookup(rt.transcript, key);
  return item && item.kind === kind ? (item as Item<K>) : undefined;
}

/** Characters of server text kept in a notice: a status line, not a place for megabytes. */
export const NOTICE_TEXT_LIMIT = 4096;

export function addNotice(rt: RuntimeState, level: NoticeLevel, text: string): RuntimeState {
  const next = { ...rt, seq: rt.seq + 1 };
  return upsertItem(next, { kind: "notice", key: `notice:${next.seq}`, level, text: bounded(text), done: true });
}

/** A finished block of ours (a command's result with more than a line to say). */
export function addBlock(rt: RuntimeState, title: string, text: string, ok: boolean): RuntimeState {
  const next = { ...rt, seq: rt.seq + 1 };
  return upsertItem(next, { kind: "command", key: `block:${next.seq}`, title, text: bounded(text, BLOCK_TEXT_LIMIT), status: ok ? "ok" : "failed", done: true });
}

/** A command's block holds more than a notice (a summary, a list), still bounded. */
export const BLOCK_TEXT_LIMIT = 64 * 1024;

function bounded(text: string, limit = NOTICE_TEXT_LIMIT): string {
  return text.length > limit ? detach(`${upTo(text, limit)}… ${Math.round((text.length - limit) / 1024)} KB more not shown`) : text;
}

function lastItem(t: Transcript): TranscriptItem | undefined {
  const key = t.order.at(-1);
  return key !== undefined ? t.items[key] : t.archive.at(-1)?.items.at(-1);
}

/**
 * A notice that the turn ended, unless the notice just before it already says so: the same end
 * can be reported twice (0.32.18 sends turn_finished with the error, then the terminal
 * loop_error with the same message). `said` is the part that makes them the same.
 */
export function addTurnEndNotice(rt: RuntimeState, level: NoticeLevel, text: string, said = text): RuntimeState {
  const last = lastItem(rt.transcript);
  if (last?.kind === "notice" && last.text.includes(said)) return rt;
  return addNotice(rt, level, text);
}

/** "turn cancelled", "turn ended: max_steps": how a turn that did not simply finish is reported. */
export function turnEndWords(stopReason: string): string {
  return stopReason === "cancelled" ? "turn cancelled" : `turn ended: ${stopReason}`;
}

/**
 * Close every open item: the turn is over, nothing will stream into them. Rows cut by a lost
 * connection stay open until the server's history says what became of them (history.ts).
 */
export function closeAll(rt: RuntimeState): RuntimeState {
  const t = rt.transcript;
  if (t.order.length === 0) return rt;
  const cut = rt.cut?.keys ?? [];
  // A message still awaiting its input_accepted stays open: the answer (started, queued, or
  // refused) is still to come and must be able to change or move its row (found by
  // reliability-proxy: a resent message closed here kept "sending", or its row the wrong place).
  const awaiting = new Set(Object.values(rt.pendingInputs).flatMap((p) => (p.kind === "message" ? [`user:${p.clientMessageId}`] : [])));
  const items: Record<string, TranscriptItem> = {};
  for (const [k, item] of Object.entries(t.items)) {
    // So does another client's message history has not filled in yet (foreign.ts).
    if (item.done || cut.includes(k) || (item.kind === "user" && (awaiting.has(k) || item.elsewhere === true))) items[k] = item;
    else if (item.kind === "tool" && !isFinalToolStatus(item.status)) {
      // A card still waiting was not denied: nobody answered it (the server records such a
      // call as interrupted or "automatically closed", never as denied).
      items[k] = { ...item, status: item.status === "awaiting_approval" ? "closed" : "error", done: true };
    } else items[k] = { ...item, done: true };
  }
  return withTranscript(rt, { ...t, items });
}

/** The server ended the turn: a cut it left behind gets no "interrupted" note of ours. */
export function turnEnded(rt: RuntimeState): RuntimeState {
  return rt.cut && !rt.cut.ended ? { ...rt, cut: { ...rt.cut, ended: true } } : rt;
}

export function isFinalToolStatus(s: ToolStatus): boolean {
  return s === "success" || s === "error" || s === "denied" || s === "closed";
}

/**
 * Characters of one reply, reasoning or tool output the transcript keeps. The screen shows far
 * less (ui/displayCut.ts); past this, a flood of text is counted, not kept, so one endless
 * reply cannot take the memory.
 */
export const ITEM_TEXT_LIMIT = 1024 * 1024;

/** The first `room` characters of `text`, never ending between the halves of a surrogate pair. */
function upTo(text: string, room: number): string {
  if (room >= text.length) return text;
  const end = room > 0 && /[\ud800-\udbff]/.test(text[room - 1]!) ? room - 1 : room;
  return detach(text.slice(0, Math.max(0, end)));
}

function appendText(rt: RuntimeState, kind: "assistant" | "reasoning", key: string, chunk: string): RuntimeState {
  const prev = getItem(rt, key, kind);
  const text = prev?.text ?? "";
  const omitted = prev?.omitted ?? 0;
  const kept = omitted > 0 ? "" : upTo(chunk, ITEM_TEXT_LIMIT - text.length);
  const more = omitted + chunk.length - kept.length;
  const next = { kind, key, done: false, ...prev, text: text + kept, ...(more > 0 ? { omitted: more } : {}) };
  return upsertItem(rt, next);
}

/** Tool output replaces (it is the cumulative tail): past the limit its end is kept, noted. */
function boundedOutput(text: string): string {
  if (text.length <= ITEM_TEXT_LIMIT) return text;
  const omitted = text.length - ITEM_TEXT_LIMIT;
  return detach(`… ${Math.round(omitted / 1024)} KB more not kept\n${text.slice(omitted)}`);
}

export function updateTool(
  rt: RuntimeState,
  toolCallId: string,
  patch: (prev: Item<"tool">) => Item<"tool">,
): RuntimeState {
  const key = `tool:${toolCallId}`;
  const prev = getItem(rt, key, "tool") ?? {
    kind: "tool" as const,
    key,
    toolCallId,
    name: "tool",
    args: "",
    status: "streaming" as const,
    done: false,
  };
  const next = patch(prev);
  // The final result follows the final status (client_tool_end, then a tool_return_message that
  // is not a streaming tail): a row is printed for good only once both are in, or at turn end.
  return upsertItem(rt, { ...next, done: isFinalToolStatus(next.status) && next.output !== undefined && next.outputFinal === true });
}

/** A tool's result as text: its output streams if any, else its value (JSON, `indent` for a file). */
export function toolReturnText(value: unknown, stdout?: readonly string[] | null, stderr?: readonly string[] | null, indent?: number): string {
  if (stdout?.length || stderr?.length) return [...(stdout ?? []), ...(stderr ?? [])].join("\n");
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return JSON.stringify(value, null, indent);
}

/** The row a delta of reply text (or reasoning) writes into; undefined for every other delta. */
export function textRowKey(d: Delta): string | undefined {
  switch (d.message_type) {
    case "assistant_message":
      return `assistant:${d.id ?? d.run_id ?? "?"}`;
    case "reasoning_message":
      return `reasoning:${d.id ?? d.run_id ?? "?"}`;
    case "hidden_reasoning_message":
      return `reasoning:${d.id ?? "hidden"}`;
    default:
      return undefined;
  }
}

/** Apply one main-transcript delta. Subagent deltas never reach here (routed by the caller). */
export function applyDelta(rt: RuntimeState, d: Delta): RuntimeState {
  switch (d.message_type) {
    case "assistant_message":
      return appendText(rt, "assistant", textRowKey(d)!, contentText(d.content));
    case "reasoning_message":
      return appendText(rt, "reasoning", textRowKey(d)!, d.reasoning ?? "");
    case "hidden_reasoning_message":
      return upsertItem(rt, { kind: "reasoning", key: textRowKey(d)!, text: "(thinking hidden)", done: true });
    case "approval_request_message":
    case "tool_call_message": {
      // Newer servers send both `tool_calls` and the deprecated `tool_call` with the same chunk.
      const chunks = d.tool_calls?.length ? d.tool_calls : d.tool_call ? [d.tool_call] : [];
      let next = rt;
      for (const c of chunks) {
        if (!c.tool_call_id) continue;
        next = updateTool(next, c.tool_call_id, (t) => ({
          ...t,
          name: t.name === "tool" && c.name ? c.name : t.name,
          // Streamed arguments append like a reply; past the limit the row's one-line summary
          // (cut to the terminal's width anyway) has long stopped changing.
          args: t.args + upTo(c.arguments ?? "", ITEM_TEXT_LIMIT - t.args.length),
        }));
      }
      return next;
    }
    case "client_tool_start":
      return updateTool(rt, d.tool_call_id, (t) => ({
        ...t,
        name: d.tool_name ?? t.name,
        // tool_args is what actually runs, after any edit made at approval time.
        args: d.tool_args ?? t.args,
        status: "running",
      }));
    case "client_tool_end":
      return updateTool(rt, d.tool_call_id, (t) => ({
        ...t,
        status: t.status === "denied" ? "denied" : d.status === "success" ? "success" : "error",
      }));
    case "tool_return_message": {
      const returns = d.tool_returns?.length
        ? d.tool_returns
        : d.tool_call_id
          ? [{ tool_call_id: d.tool_call_id, status: d.status, tool_return: d.tool_return }]
          : [];
      // Streaming output frames carry the cumulative tail: replace, never append.
      const streaming = (d.id ?? "").startsWith("synthetic-tool-return-stream-");
      let next = rt;
      for (const r of returns) {
        const stdout = "stdout" in r ? r.stdout : undefined;
        const stderr = "stderr" in r ? r.stderr : undefined;
        next = updateTool(next, r.tool_call_id, (t) => ({
          ...t,
          output: boundedOutput(toolReturnText(r.tool_return, stdout, stderr)),
          outputFinal: !streaming,
          status: streaming ? "running" : r.status === "error" ? (t.status === "denied" ? "denied" : "error") : "success",
        }));
      }
      return next;
    }
    case "user_message": {
      // Background work (a Bash, a monitor, a subagent, reflection) reports through user
      // messages in XML that start a turn by themselves: each is labelled as the task's note
      // (taskNotification.ts), never shown as something the person said.
      const notified = taskNotices(contentText(d.content));
      const noted = notified ? notified.notices.reduce((next, n) => addNotice(next, "info", taskNoticeLine(n)), rt) : rt;
      // Anything else in the message is still shown (0.32.18 sends each notification alone).
      if (notified && !withoutInjectedContext(notified.rest).trim()) return noted;
      // The echo of a dequeued input (otid = our client_message_id), or someone else's input.
      const id = d.otid ?? d.id ?? "?";
      const key = `user:${id}`;
      const prev = getItem(noted, key, "user");
      if (prev) return upsertItem(noted, { ...prev, state: "started", done: true });
      const queued = own(noted.queuedMessages, id);
      const text = queued?.text ?? withoutInjectedContext(notified?.rest ?? userContentText(d.content));
      // Nothing but context injected for the model: no row, not even an empty one.
      if (!text.trim()) return noted;
      return upsertItem(dequeueLocal(noted, id), { kind: "user", key, text, state: "started", done: true });
    }
    case "stop_reason": {
      // requires_approval only pauses the turn; any other reason ends the round for good, and
      // servers before 0.30.3 send no turn_finished after it.
      if (d.stop_reason === "requires_approval") return { ...rt, lastStopReason: d.stop_reason };
      const closed = closeAll(turnEnded({ ...rt, lastStopReason: d.stop_reason }));
      // An ordinary end says nothing; the others are worth a line (max_tokens cut the reply…).
      if (d.stop_reason === "end_turn") return closed;
      return addTurnEndNotice(closed, "warning", turnEndWords(d.stop_reason));
    }
    case "usage_statistics":
      return {
        ...rt,
        usage: {
          promptTokens: rt.usage.promptTokens + (d.prompt_tokens ?? 0),
          completionTokens: rt.usage.completionTokens + (d.completion_tokens ?? 0),
          totalTokens: rt.usage.totalTokens + (d.total_tokens ?? 0),
        },
      };
    case "error_message":
      return addNotice(rt, "error", [d.message ?? d.error_type ?? "error", d.detail].filter(Boolean).join(": "));
    case "loop_error": {
      // Not terminal: a warning (invalid input, a bad mode) and the turn goes on (PROTOCOL §4.1.2).
      const api = d.api_error?.message && d.api_error.message !== d.message ? `: ${d.api_error.message}` : "";
      if (d.is_terminal === false) return addNotice(rt, "warning", `${d.message}${api}`);
      return addTurnEndNotice(rt, "error", `turn ended: ${d.message}${api}`, d.message);
    }
    case "status":
      return addNotice(rt, d.level === "warning" ? "warning" : d.level === "success" ? "success" : "info", d.message);
    case "retry": {
      const secs = d.delay_ms !== undefined ? ` in ${Math.round(d.delay_ms / 1000)} s` : "";
      const count = d.attempt !== undefined ? ` ${d.attempt}/${d.max_attempts ?? "?"}` : "";
      return addNotice(rt, "warning", `retrying${count}${secs}${d.message ? `: ${d.message}` : ""}`);
    }
    case "approval_classification_end": {
      const classification = {
        autoAllowed: d.auto_allowed_tool_call_ids,
        autoDenied: d.auto_denied_tool_call_ids,
        needsUser: d.user_input_tool_call_ids,
      };
      let next: RuntimeState = { ...rt, classification };
      for (const id of d.auto_allowed_tool_call_ids) next = updateTool(next, id, (t) => ({ ...t, status: "approved" }));
      for (const id of d.user_input_tool_call_ids) next = updateTool(next, id, (t) => ({ ...t, status: "awaiting_approval" }));
      return next;
    }
    case "approval_response_message":
      // The approval card and tool row already show the answer.
      return rt;
    case "system_message":
      return addNotice(rt, "info", `system: ${brief(contentText(d.content))}`);
    case "event_message":
    case "event":
      return addNotice(rt, "info", `event: ${d.event_type ?? "?"}`);
    case "summary_message":
    case "summary":
      return addNotice(rt, "info", d.summary ? `summary: ${brief(d.summary)}` : "conversation summarized");
    case "slash_command_start":
    case "command_start":
      return upsertItem(rt, { kind: "command", key: `cmd:${d.command_id}`, title: d.input, text: "", status: "running", done: false });
    case "slash_command_end":
    case "command_end":
      // The output comes whole here (it is not streamed); "Unknown command: x" is shown as the
      // server says it, failed or not: 0.32.18 advertises commands it does not run.
      return upsertItem(rt, { kind: "command", key: `cmd:${d.command_id}`, title: d.input, text: bounded(d.output ?? ""), status: d.success === false ? "failed" : "ok", done: true });
    case "unknown":
      return addNotice(rt, "info", `[${d.original_type}]`);
  }
}

/** Notices are one line: long server text (system prompts, summaries, command output) is cut. */
function brief(text: string, max = 200): string {
  return text.length > max ? detach(`${text.slice(0, max - 1)}…`) : text;
}

export type { Item };
