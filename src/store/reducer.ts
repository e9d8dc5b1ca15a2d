import { IDLE } from "./loop.js";
import { dropUnreadForeignRows, openForeignRows } from "./foreign.js";
import { boundedJson, cutNote, MAX_DEPTH } from "../protocol/depth.js";
import { clip, detach } from "../protocol/detach.js";
import { contentText, KnownDeltaSchema, parseDelta, type Delta, type UnknownDelta } from "../protocol/deltas.js";
import type { KnownFrame } from "../protocol/frames.js";
import type { ParsedFrame } from "../protocol/parse.js";
import { runtimeKey, type RuntimeScope } from "../protocol/runtime.js";
import { addApproval, closeApprovalForTool, patchApproval, reconcileApprovals } from "./approvals.js";
import type { StoreEvent } from "./events.js";
import { DEBUG_DETAIL_LIMIT, DEBUG_LOG_LIMIT, DEBUG_TYPE_LIMIT, emptyRuntime, type AppState, type DebugEntry, type RuntimeState } from "./state.js";
import { conversationSeen, modelApplied, noteContext, startedWith } from "./context.js";
import { catalogFrom, catalogOf } from "./models.js";
import { countDoubtfulTurn, forgetTurnRows, mergeHistory, noteCut, settleCut, settleQueuedAfterResync, trackTurnRows } from "./history.js";
import { applyQueue, settleInput } from "./inputs.js";
import { own } from "./own.js";
import { titleOf, withConversationTitle } from "./titles.js";
import { addMemoryChanges, noteMemoryRefusal, noteStrayMemoryWrite } from "./memoryChanges.js";
import { countBroadcast, withDeviceSkills, withSkillAnswer } from "./skills.js";
import { taskNotices } from "./taskNotification.js";
import { stamp, trackNotice, trackProcesses, trackStopped, trackSubagents } from "./tasks.js";
import { forgetRuns, noteRuns, runFinished } from "./runs.js";
import { addNotice, addBlock, addTurnEndNotice, applyDelta, closeAll, dequeueLocal, placeTakenMessages, removeItem, turnEndWords, turnEnded, upsertItem } from "./transcript.js";

/** The one pure reducer: `(state, event) -> state`. It never throws and never performs I/O. */
export function reduce(state: AppState, event: StoreEvent): AppState {
  switch (event.type) {
    case "connection": {
      const { status, url, error, attempt, nextRetryAt } = event;
      const host = { ...own(state.hosts, url), status, url, error, attempt, nextRetryAt };
      const next = { ...state, connection: { ...state.connection, status, url, error, attempt, nextRetryAt }, hosts: { ...state.hosts, [url]: host } };
      // What was streaming when the link went down waits for the server's history (history.ts).
      return status === "reconnecting" || status === "offline" ? onHost(next, url, noteCut) : next;
    }
    case "server_info":
      return { ...state, connection: { ...state.connection, serverVersion: event.version } };
    case "frame":
      return reduceParsed(state, event.parsed, event.via);
    case "message_held":
      return withRuntime(state, event.scope, (rt) => ({
        ...rt,
        queuedMessages: { ...rt.queuedMessages, [event.clientMessageId]: { text: event.text, held: true } },
      }));
    case "activate":
      return state.runtimes[event.key] ? { ...state, active: event.key } : state;
    case "message_sent":
      return withRuntime(dequeueHeld(state, event.scope, event.clientMessageId), event.scope, (before) => {
        const rt = event.replaces ? spendId(before, event.replaces) : before;
        // A resend after a reconnect reuses the message id with a new request id.
        const pendingInputs = Object.fromEntries(
          Object.entries(rt.pendingInputs).filter(([, p]) => !(p.kind === "message" && p.clientMessageId === event.clientMessageId)),
        );
        pendingInputs[event.requestId] = { kind: "message", clientMessageId: event.clientMessageId };
        const item = { kind: "user" as const, key: `user:${event.clientMessageId}`, text: event.text, state: "sending" as const, done: false };
        // A cut whose turn ended and that no history settled (its read failed) must not keep
        // the next turn's rows out of the archive: closed as they are, unmarked.
        const settled = rt.cut?.ended ? closeAll(settleCut(rt, false)) : rt;
        return upsertItem({ ...settled, pendingInputs }, item);
      });
    case "approval_sent":
      return withRuntime(state, event.scope, (rt) => {
        const toolCallId = own(rt.approvals.byId, event.approvalId)?.toolCallId;
        const pending = { kind: "approval" as const, approvalId: event.approvalId, toolCallId, behavior: event.behavior };
        const next = { ...rt, pendingInputs: { ...rt.pendingInputs, [event.requestId]: pending } };
        return patchApproval(next, event.approvalId, { phase: "sending", error: undefined });
      });
    case "input_unacknowledged":
      return withRuntime(state, event.scope, (rt) => settleInput(rt, event.requestId, true));
    case "request_failed":
      return withRuntime(state, event.scope, (rt) => settleInput(rt, event.requestId, false, event.error));
    case "notice":
      return withRuntime(state, event.scope, (rt) => {
        const next = addNotice(rt, event.level, event.text);
        return event.ring ? { ...next, attention: { count: (rt.attention?.count ?? 0) + 1, text: event.text } } : next;
      });
    case "block":
      return withRuntime(state, event.scope, (rt) => addBlock(rt, event.title, event.text, event.ok));
    case "question_opened":
      return withRuntime(state, event.scope, (rt) =>
        rt.questions.some((q) => q.requestId === event.requestId)
          ? rt
          : { ...rt, questions: [...rt.questions, { requestId: event.requestId, question: event.question, options: event.options }] },
      );
    case "question_closed":
      return withRuntime(state, event.scope, (rt) => ({ ...rt, questions: rt.questions.filter((q) => q.requestId !== event.requestId) }));
    // Counted as a memory_updated too: 0.32.18 sends that frame to one socket only (see
    // controller/memoryWatch.ts), so an open memory view learns of the agent's change from here.
    case "memory_change": {
      const next = withRuntime(state, event.scope, (rt) => addMemoryChanges(rt, event.sha, event.diff));
      return next === state ? state : countBroadcast(next, "memory_updated");
    }
    case "history":
      return withRuntime(state, event.scope, (rt) => mergeHistory(rt, event.messages, event.afterGap === true));
    case "resynced":
      // A turn that ended while we were away sent its turn_finished to nobody; if the server
      // says the loop is idle, nothing will stream into the open items any more.
      // Queued messages the server dropped with our old connection are reported, not kept
      // forever; a resync on the same connection (Ctrl+R, a sequence gap) dropped nothing.
      // Rows the lost connection cut are settled against the history loaded just before.
      return withRuntime(state, event.scope, (rt) => {
        const next = event.reconnected ? settleQueuedAfterResync(rt) : rt;
        return next.loop?.status === IDLE ? closeAll(dropUnreadForeignRows(settleCut(next, event.historyLoaded !== false))) : next;
      });
  }
}

function reduceParsed(state: AppState, parsed: ParsedFrame, via?: string): AppState {
  switch (parsed.kind) {
    case "frame": {
      const next = reduceFrame(state, parsed.frame, via);
      return parsed.cut ? logDebug(next, { kind: "cut", type: parsed.frame.type, detail: deepCutWords(parsed.cut) }) : next;
    }
    case "unknown": {
      const why = parsed.issue ?? "unknown frame type";
      return logDebug(state, { kind: "unknown", type: parsed.type, detail: parsed.cut ? `${why}; ${deepCutWords(parsed.cut)}` : why });
    }
    case "malformed":
      return logDebug(state, { kind: "malformed", type: "(malformed)", detail: `${parsed.error}: ${parsed.sample}` });
  }
}

function renamedAgent(state: AppState, agentId: string, name: string): AppState {
  const hit = Object.values(state.runtimes).filter((rt) => rt.scope.agent_id === agentId);
  if (hit.length === 0) return state;
  return { ...state, runtimes: { ...state.runtimes, ...Object.fromEntries(hit.map((rt) => [rt.key, { ...rt, agentName: name }])) } };
}

function reduceFrame(state: AppState, frame: KnownFrame, via?: string): AppState {
  switch (frame.type) {
    case "app_server_info_response":
      return frame.letta_code_version ? reduce(state, { type: "server_info", version: frame.letta_code_version }) : state;
    case "runtime_start_response": {
      if (!frame.success || !frame.runtime) return state;
      const key = runtimeKey(frame.runtime);
      const rt = state.runtimes[key] ?? emptyRuntime(key, frame.runtime);
      const attached = startedWith(
        {
          ...rt,
          scope: frame.runtime,
          host: via ?? rt.host,
          agentName: frame.agent?.name ?? rt.agentName,
          title: frame.conversation ? titleOf(frame.conversation) : rt.title,
        },
        frame.agent,
        frame.conversation,
      );
      return { ...state, runtimes: { ...state.runtimes, [key]: attached }, active: state.active ?? key };
    }
    case "input_accepted": {
      const scope = frame.runtime ?? findRuntimeWithInput(state, frame.request_id);
      if (!scope) return state;
      return withRuntime(state, scope, (rt) =>
        settleInput(rt, frame.request_id, frame.accepted, frame.error ?? undefined, frame.disposition),
      );
    }
    // A renamed agent: its runtimes' status lines show the new name at once (/agents).
    case "agent_update_response":
      return frame.success === false || !frame.agent?.id || !frame.agent.name ? state : renamedAgent(state, frame.agent.id, frame.agent.name);
    // Answers the transport hands to whoever sent the request; nothing to keep in the store.
    case "sync_response":
    case "abort_message_response":
    case "agent_list_response":
    case "agent_retrieve_response":
    case "resume_queue_response":
    case "remove_queue_item_response":
    case "update_toolset_response":
    case "execute_command_response":
    case "get_cwd_map_response":
    case "set_boot_working_directory_response":
    case "search_files_response":
    case "search_branches_response":
    case "checkout_branch_response":
    case "runtime_external_tools_update_response":
    case "launch_subagent_response":
    case "teleport_probe_response":
    case "conversation_list_response":
    case "conversation_create_response":
    case "conversation_fork_response":
    case "conversation_compact_response":
    case "conversation_messages_list_response":
    case "cron_list_response":
    case "cron_add_response":
    case "cron_get_response":
    case "cron_trigger_response":
    case "cron_pause_response":
    case "cron_resume_response":
    case "cron_delete_response":
    case "create_agent_response":
    case "agent_create_response":
    case "agent_delete_response":
    case "list_in_directory_response":
    // The memory view holds what it asked for (ui/memory); memory_updated is what the store follows.
    case "list_memory_response":
    case "read_memory_file_response":
    case "write_memory_file_response":
    case "delete_memory_file_response":
    case "memory_history_response":
    case "memory_commit_diff_response":
    case "memory_file_at_ref_response":
    case "enable_memfs_response":
      return state;
    // Kept for /model's check and Tab, and the status line's model and context figure (models.ts, context.ts).
    case "list_models_response":
      return frame.success === false ? state : { ...state, models: { ...state.models, [via ?? ""]: catalogFrom(frame) } };
    case "update_model_response":
      return frame.success === false || !frame.runtime ? state : withRuntime(state, frame.runtime, (rt) => modelApplied(rt, frame.model_handle, frame.model_settings));
    // A rename or a limit (ours or another's, read back): the tabs and the status line show the
    // title; the context figure takes the conversation's own model and window.
    case "conversation_retrieve_response":
    case "conversation_update_response": {
      const c = frame.conversation;
      if (!frame.success || !c) return state;
      return onHost(withConversationTitle(state, c), via ?? "", (rt) => conversationSeen(rt, c));
    }
    case "skill_enable_response":
    case "skill_disable_response":
      return withSkillAnswer(state, frame, via);
    // Open views (the schedules, the skills) fetch or redraw on a change of these counters.
    case "skills_updated":
    case "crons_updated":
    case "memory_updated":
      return countBroadcast(state, frame.type);
    // Broadcasts this client has no use for yet; kept visible in the debug view.
    case "channels_updated":
    case "channel_accounts_updated":
    case "channel_pairings_updated":
    case "channel_routes_updated":
    case "channel_targets_updated":
    case "file_changed":
    case "teleport_ready":
    case "terminal_output":
    case "terminal_spawned":
    case "terminal_exited":
      return logDebug(state, { kind: "unrouted", type: frame.type, detail: "not used by this client" });
    case "stream_delta": {
      const delta = parseDelta(frame.delta);
      const id = frame.subagent_id;
      // Subagent deltas belong under their Task row, not in the main transcript.
      const ends = delta.message_type === "stop_reason" && (delta as { stop_reason?: unknown }).stop_reason !== "requires_approval";
      const next = onRuntime(state, frame.runtime, frame.type, (rt) =>
        id ? noteSubagent(rt, id, delta) : noteRuns(trackTurnRows(rt, closeAnsweredCards(noteContext(noteMemoryRefusal(applyDelta(noticedTasks(rt, delta, frame.emitted_at), delta), delta), delta, catalogOf(state, rt)), delta), ends, (delta as { stop_reason?: unknown }).stop_reason), delta),
      );
      // The transcript shows only "[type]"; the debug view (Ctrl+T) says what was wrong with it.
      return delta.message_type === "unknown" ? logDebug(next, unknownDeltaEntry(delta)) : next;
    }
    case "update_loop_status":
      // Idle with no run active: whatever we thought open ended where we could not hear it.
      return onRuntime(state, frame.runtime, frame.type, (rt) => {
        const next = placeTakenMessages(openForeignRows({ ...rt, loop: frame.loop_status }));
        return frame.loop_status.status === IDLE && !frame.loop_status.active_run_ids?.length ? forgetRuns(next) : next;
      });
    case "update_device_status":
      return onRuntime(state, frame.runtime, frame.type, (rt) => {
        const processes = frame.device_status.background_processes;
        const tracked = processes ? trackProcesses(rt, processes, stamp(frame.emitted_at)) : rt;
        const next = withDeviceSkills({ ...tracked, device: frame.device_status }, frame.device_status);
        const pending = frame.device_status.pending_control_requests;
        return pending ? reconcileApprovals(next, pending.map((p) => p.request_id)) : next;
      });
    case "update_queue":
      return onRuntime(state, frame.runtime, frame.type, (rt) => applyQueue({ ...rt, queue: frame.queue }, frame.removed ?? []));
    // A monitor stopped (by us or another client of this connection): its row says so at once.
    case "monitor_stop_response":
      return frame.stopped && frame.runtime && frame.process_id ? onRuntime(state, frame.runtime, frame.type, (rt) => trackStopped(rt, frame.process_id!)) : state;
    case "update_subagent_state":
      return onRuntime(state, frame.runtime, frame.type, (rt) => ({ ...trackSubagents(rt, frame.subagents, stamp(frame.emitted_at)), subagents: frame.subagents }));
    // An agent's write into its memory folder leaves the repository dirty (memoryChanges.ts).
    case "file_ops":
      return onRuntime(state, frame.runtime, frame.type, (rt) => noteStrayMemoryWrite(rt, frame.path));
    case "external_tool_call_request":
      // The controller runs it; the call's own tool row already shows in the transcript.
      return state;
    case "turn_finished":
      return onRuntime(state, frame.runtime, frame.type, (rt) => {
        const closed = runFinished(closeAll(forgetTurnRows(countDoubtfulTurn(turnEnded({ ...rt, lastStopReason: frame.stop_reason ?? rt.lastStopReason })), frame.stop_reason)), frame.run_id);
        // Through addTurnEndNotice: a stop_reason delta may have said it already.
        if (frame.stop_reason === "cancelled") return addTurnEndNotice(closed, "warning", turnEndWords("cancelled"));
        if (frame.error) return addTurnEndNotice(closed, "error", frame.error);
        if (frame.stop_reason && frame.stop_reason !== "end_turn") return addTurnEndNotice(closed, "warning", turnEndWords(frame.stop_reason));
        return closed;
      });
    case "control_request":
      return onRuntime(state, frame.runtime, frame.type, (rt) => addApproval(rt, frame));
  }
}

/** A message sent anew under a fresh id: what its spent id held (our queue entry, an open row) goes. */
function spendId(rt: RuntimeState, id: string): RuntimeState {
  const row = own(rt.transcript.items, `user:${id}`);
  const next = dequeueLocal(rt, id);
  return row && !row.done ? removeItem(next, row.key) : next;
}

/** A held message that is now being sent leaves our local queue. */
function dequeueHeld(state: AppState, scope: RuntimeScope, clientMessageId: string): AppState {
  return withRuntime(state, scope, (rt) => (own(rt.queuedMessages, clientMessageId)?.held ? dequeueLocal(rt, clientMessageId) : rt));
}

/** A tool that runs or returned cannot still be waiting for an answer. */
function closeAnsweredCards(rt: RuntimeState, d: Delta): RuntimeState {
  if (d.message_type === "client_tool_start") return closeApprovalForTool(rt, d.tool_call_id);
  if (d.message_type !== "tool_return_message") return rt;
  const ids = d.tool_returns?.length ? d.tool_returns.map((r) => r.tool_call_id) : d.tool_call_id ? [d.tool_call_id] : [];
  return ids.reduce(closeApprovalForTool, rt);
}

/** A live task notification ends its task's row in the tasks panel (history's only label it). */
function noticedTasks(rt: RuntimeState, d: Delta, emittedAt: string | undefined): RuntimeState {
  if (d.message_type !== "user_message") return rt;
  const notified = taskNotices(contentText(d.content));
  return notified ? notified.notices.reduce((next, n) => trackNotice(next, n, stamp(emittedAt)), rt) : rt;
}

/** One line of what a subagent is doing, for its block under the Task row. */
function noteSubagent(rt: RuntimeState, id: string, d: Delta): RuntimeState {
  let line: string | undefined;
  if (d.message_type === "assistant_message") line = (own(rt.subagentActivity, id) ?? "") + contentText(d.content);
  else if (d.message_type === "approval_request_message" || d.message_type === "tool_call_message") {
    const name = d.tool_calls?.[0]?.name ?? d.tool_call?.name;
    if (name) line = `→ ${name}`;
  }
  if (line === undefined) return rt;
  // The newline that ends a line is kept, so the next chunk starts a new line, not joins this one.
  const last = detach((line.split("\n").filter(Boolean).at(-1) ?? "").slice(-200));
  return { ...rt, subagentActivity: { ...rt.subagentActivity, [id]: line.endsWith("\n") && last ? `${last}\n` : last } };
}

function findRuntimeWithInput(state: AppState, requestId: string): RuntimeScope | undefined {
  return Object.values(state.runtimes).find((rt) => own(rt.pendingInputs, requestId))?.scope;
}

function withRuntime(state: AppState, scope: RuntimeScope, fn: (rt: RuntimeState) => RuntimeState): AppState {
  return withRuntimeAt(state, runtimeKey(scope), fn);
}

function withRuntimeAt(state: AppState, key: string, fn: (rt: RuntimeState) => RuntimeState): AppState {
  const rt = state.runtimes[key];
  if (!rt) return state;
  const next = fn(rt);
  return next === rt ? state : { ...state, runtimes: { ...state.runtimes, [key]: next } };
}

/** Apply `fn` to every runtime attached over the link `url` (or of unknown host). */
function onHost(state: AppState, url: string, fn: (rt: RuntimeState) => RuntimeState): AppState {
  let runtimes = state.runtimes;
  for (const [key, rt] of Object.entries(state.runtimes)) {
    if (rt.host !== undefined && rt.host !== url) continue;
    const next = fn(rt);
    if (next !== rt) runtimes = { ...runtimes, [key]: next };
  }
  return runtimes === state.runtimes ? state : { ...state, runtimes };
}

/** Route an enveloped frame to its runtime; frames for runtimes we never attached are logged. */
function onRuntime(state: AppState, scope: RuntimeScope, type: string, fn: (rt: RuntimeState) => RuntimeState): AppState {
  // One key for the check and the update: a frame of a flood comes through here.
  const key = runtimeKey(scope);
  if (!state.runtimes[key]) return logDebug(state, { kind: "unrouted", type, detail: `for ${key}` });
  return withRuntimeAt(state, key, fn);
}

function deepCutWords(count: number): string {
  return `${count} value${count === 1 ? "" : "s"} nested deeper than ${MAX_DEPTH} levels shown as "${cutNote(MAX_DEPTH)}"`;
}

/** Why a delta was not understood: the schema's complaint, and the start of the delta (bounded). */
function unknownDeltaEntry(d: UnknownDelta): DebugEntry {
  const issue = KnownDeltaSchema.safeParse(d.raw).error?.issues[0];
  // No schema for the type at all: zod's complaint would only list every type we know.
  const unknownType = !issue || (issue.code === "invalid_union" && issue.path.join(".") === "message_type");
  const why = unknownType ? "unknown delta type" : `${issue.path.join(".") || "delta"}: ${issue.message}`;
  return { kind: "unknown", type: `delta ${d.original_type}`, detail: `${why}; ${boundedJson(d.raw, { maxChars: DEBUG_DETAIL_LIMIT })}` };
}

function logDebug(state: AppState, { kind, type, detail }: DebugEntry): AppState {
  const entry = { kind, type: clip(type, DEBUG_TYPE_LIMIT), detail: clip(detail, DEBUG_DETAIL_LIMIT) };
  const debug = [...state.debug, entry];
  return { ...state, debug: debug.length > DEBUG_LOG_LIMIT ? debug.slice(-DEBUG_LOG_LIMIT) : debug };
}
