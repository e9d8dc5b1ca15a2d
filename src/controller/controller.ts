import { randomUUID } from "node:crypto";
import { CommandSchema, type ApprovalDecision, type CommandDraft, type InputCommand, type UserMessage } from "../protocol/commands.js";
import type { AppServerInfo, FrameType, KnownFrame } from "../protocol/frames.js";
import { PermissionModeSchema, runtimeKey, type PermissionMode, type RuntimeScope } from "../protocol/runtime.js";
import { own } from "../store/own.js";
import type { Store } from "../store/store.js";
import { AppServerClient, type ClientOptions, type LinkStatus } from "../transport/client.js";
import type { LinkFactory, ServerLink } from "../transport/link.js";
import { connectionEvent, fetchHistory, reattachRuntime, resolveAuto, sentMessageIds, startRuntime, syncRuntime } from "./attach.js";
import { BUILTIN_TOOLS, type ExternalTool } from "./externalTools.js";
import * as runtimeCommands from "./runtimeCommands.js";
import { MemoryWatch } from "./memoryWatch.js";
import { Outbox, type OutboxEntry } from "./outbox.js";
import { ToolRunner } from "./toolRunner.js";
import { TurnLock } from "./turnLock.js";
import { CapabilityTracker } from "./capabilities.js";
import { GapHealer } from "./heal.js";
import { Recovery, type RecoveryReason } from "./recovery.js";
import type { AttachOptions } from "./selection.js";

export { RuntimeStartError } from "./attach.js";

export interface ControllerOptions extends ClientOptions {
  clientVersion: string;
  /** Timeout for runtime_start, which waits for server start-up and agent creation. */
  startTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Our external tools, registered in every runtime_start (default: notify_user, ask_user). */
  tools?: readonly ExternalTool[];
  /** After every successful runtime_start, first attach and re-attach alike (e.g. for --resume). */
  onAttached?: (scope: RuntimeScope, info: { cwd?: string; agentName?: string }) => void;
}


/**
 * Turns user intentions into commands and feeds everything the server says into the store.
 * It owns the recovery after a lost connection: re-attach, resync, backfill, and resend of
 * messages the server never acknowledged. It holds no view state.
 */
export class Controller {
  /** What runtime-scoped helpers need from the controller (see conversations.ts). */
  get clientForCommands(): ServerLink {
    return this.client;
  }

  /**
   * Every runtime attached over this one socket (teammates). Which one the keys act on is the
   * store's `active`, never a copy here: whoever switches (a key, direct mode's host list, a
   * replay) switches for everyone.
   */
  private readonly attached = new Map<string, RuntimeScope>();
  private readonly outbox: Outbox;
  private readonly turnLock: TurnLock;
  private client!: ServerLink;
  private readonly caps = new CapabilityTracker(() => this.client);
  readonly tools: ToolRunner;
  /** Memory commits made during a turn, read for the transcript's memory lines. */
  private readonly memory: MemoryWatch;

  private constructor(
    /** The store this controller feeds; views read it, helpers dispatch notices to it. */
    readonly store: Store,
    private readonly opts: ControllerOptions,
  ) {
    this.memory = new MemoryWatch(store, (draft, expect) => this.request(draft, expect));
    this.tools = new ToolRunner(opts.tools ?? BUILTIN_TOOLS, store, () => this.client, () => this.focus);
    this.outbox = new Outbox(store, () => this.client, () => this.caps.current.acknowledgesInput, opts.requestTimeoutMs, async (scope) => {
      const messages = await this.backfill(scope, true); // after a gap, like the recovery's read
      return messages && sentMessageIds(messages);
    });
    // A held message waits for a resend in flight, or the two would run in the wrong order.
    this.turnLock = new TurnLock(store, (entry) => this.outbox.send(entry), () => this.client.isConnected && !this.outbox.inFlight);
    this.healer = new GapHealer({
      store,
      scopeOf: (key) => this.attached.get(key),
      recovering: () => this.recovery.running,
      backfill: (scope) => this.backfill(scope, true),
    });
  }

  /** Connect to an App Server by URL (`letta server --listen`). */
  static connect(url: string, store: Store, opts: ControllerOptions): Promise<Controller> {
    return Controller.over(url, (events) => AppServerClient.connect(url, events, opts), store, opts);
  }

  /**
   * Drive a runtime host over any link: the same frames, commands, recovery and store, whether
   * we dialled it or it dialled us (direct mode). `label` names it in the status line.
   */
  static async over(label: string, open: LinkFactory, store: Store, opts: ControllerOptions): Promise<Controller> {
    const controller = new Controller(store, opts);
    const url = label;
    store.dispatch({ type: "connection", status: "connecting", url });
    try {
      controller.client = await open({
        onFrame: (parsed) => {
          store.dispatch({ type: "frame", parsed, via: url });
          if (parsed.kind !== "frame") return;
          controller.healer.frame(parsed.frame);
          if (parsed.frame.type === "external_tool_call_request") controller.tools.handle(parsed.frame);
          controller.memory.frame(parsed.frame);
          if (parsed.frame.type === "app_server_info_response") controller.learn(parsed.frame);
          if (parsed.frame.type === "turn_finished" && parsed.frame.runtime) controller.outbox.turnFinished(parsed.frame.runtime);
          controller.outbox.observe();
        },
        onStatus: (s) => controller.onStatus(url, s),
        onReconnected: () => {
          controller.outbox.requeueUnconfirmed();
          void controller.recovery.run("reconnected");
        },
        onSequenceGap: () => void controller.resync(),
      });
    } catch (err) {
      store.dispatch({ type: "connection", status: "failed", url, error: messageOf(err) });
      throw err;
    }
    return controller;
  }

  /** The runtime on screen, when it is one of ours (in direct mode it may be another host's). */
  get runtime(): RuntimeScope | null {
    const active = this.store.getState().active;
    return (active && this.attached.get(active)) || null;
  }

  /**
   * Where this host's own news goes (a notice, a tool call that names no runtime, a resync after
   * a gap): the runtime on screen if it is ours, else our first, so another host being on screen
   * does not silence this one.
   */
  private get focus(): RuntimeScope | null {
    return this.runtime ?? this.attached.values().next().value ?? null;
  }

  get runtimes(): RuntimeScope[] {
    return [...this.attached.values()];
  }

  /**
   * Capability probe. No answer means a server from before app_server_info (legacy, PROTOCOL
   * §3.1), until an answer comes after all (see learn).
   */
  probe(timeoutMs = 3000): Promise<AppServerInfo | undefined> {
    return this.caps.probe(timeoutMs);
  }

  /** An app_server_info_response that arrives after the probe gave up upgrades the session. */
  private learn(info: AppServerInfo): void {
    if (!this.client) return;
    this.caps.learn(info).catch((err: unknown) => {
      const scope = this.focus;
      if (scope) this.notice(scope, "error", `could not open the stream socket: ${messageOf(err)}`);
    });
  }

  /** Resolve or create the runtime, subscribe to it, and show its recent history. */
  async attach(attach: AttachOptions): Promise<RuntimeScope> {
    const selection = attach.selection.kind === "auto" ? await resolveAuto(this.client, attach.selection.model) : attach.selection;
    const { cwd, mode } = attach;
    const scope = await startRuntime(this.client, selection, { cwd, mode }, this.opts.clientVersion, this.startTimeout, this.tools.groups());
    this.adopt(scope);
    this.opts.onAttached?.(scope, { cwd, agentName: this.store.getState().runtimes[runtimeKey(scope)]?.agentName });
    await this.backfill(scope);
    return scope;
  }

  /** Attach one more runtime (a teammate) on the same socket, or switch to it if attached. */
  async attachAnother(selection: Exclude<AttachOptions["selection"], { kind: "auto" }>, mode?: PermissionMode): Promise<RuntimeScope> {
    if (selection.kind === "existing") {
      const known = this.runtimes.find((s) => s.agent_id === selection.agentId && s.conversation_id === selection.conversationId);
      if (known) {
        this.switchTo(runtimeKey(known));
        return known;
      }
    }
    return this.attach({ selection, ...(mode ? { mode } : {}) });
  }

  switchTo(key: string): void {
    if (this.attached.has(key)) this.store.dispatch({ type: "activate", key });
  }

  private adopt(scope: RuntimeScope): void {
    this.attached.set(runtimeKey(scope), scope);
    this.switchTo(runtimeKey(scope));
  }

  sendMessage(text: string, content?: UserMessage["content"]): void {
    const scope = this.requireScope();
    const entry: OutboxEntry = { scope, clientMessageId: `cm-${randomUUID()}`, text, requestId: this.client.newRequestId("in"), ...(content !== undefined ? { content } : {}) };
    if (!this.turnLock.hold(entry)) this.outbox.send(entry);
  }

  answerApproval(approvalId: string, decision: ApprovalDecision): void {
    const scope = this.requireScope();
    const runtime = this.store.getState().runtimes[runtimeKey(scope)];
    const card = runtime ? own(runtime.approvals.byId, approvalId) : undefined;
    // One answer per request_id: a second keypress while the first is in flight is ignored.
    if (!card || card.phase === "sending") return;
    const requestId = this.client.newRequestId("ap");
    this.store.dispatch({ type: "approval_sent", scope, requestId, approvalId, behavior: decision.behavior });
    const command: InputCommand = {
      type: "input",
      request_id: requestId,
      runtime: scope,
      payload: { kind: "approval_response", request_id: approvalId, decision },
    };
    // Never resent: if the connection drops before the answer is confirmed, the replay after
    // reconnecting shows the card again only if the server still waits for it.
    this.outbox.sendInput(scope, command).catch((err: unknown) =>
      this.store.dispatch({ type: "request_failed", scope, requestId, error: messageOf(err) }),
    );
  }

  abort(): void {
    this.runtimeCommand((scope) => runtimeCommands.abort(this.client, scope, this.opts.requestTimeoutMs), "abort");
  }

  setMode(mode: PermissionMode): void {
    this.runtimeCommand((scope) => runtimeCommands.setMode(this.client, scope, mode), "change the mode");
  }

  setCwd(cwd: string): void {
    this.runtimeCommand((scope) => runtimeCommands.setCwd(this.client, scope, cwd), "change the working directory");
  }

  resumeQueue(): void {
    this.runtimeCommand((scope) => runtimeCommands.resumeQueue(this.client, scope, this.opts.requestTimeoutMs), "resume the queue");
  }

  removeQueueItem(itemId: string): void {
    this.runtimeCommand((scope) => runtimeCommands.removeQueueItem(this.client, scope, itemId, this.opts.requestTimeoutMs), "remove the item");
  }

  /** Run one runtime-scoped command; its failure is a note in the transcript, never a crash. */
  private runtimeCommand(run: (scope: RuntimeScope) => Promise<unknown>, what: string): void {
    const scope = this.requireScope();
    run(scope).catch((err: unknown) => this.notice(scope, "error", `could not ${what}: ${messageOf(err)}`));
  }

  /** Replay state on demand (the sync key), or after frames went missing. */
  resync(): Promise<void> {
    return this.recovery.run("sync");
  }

  retry(): void {
    this.client.retryNow();
  }

  close(): void {
    this.recovery.dispose();
    this.turnLock.dispose();
    this.outbox.dispose();
    this.client.close();
  }

  private get startTimeout(): number {
    return this.opts.startTimeoutMs ?? 60_000;
  }

  private onStatus(url: string, s: LinkStatus): void {
    if (s.status === "reconnecting") this.healer.lost();
    this.store.dispatch(connectionEvent(url, s));
  }

  /**
   * After a reconnect the new socket has no subscriptions: runtime_start again (with the exact
   * runtime), sync with a forced device status so approval cards are rebuilt from the replay,
   * backfill what streamed while we were away, then resend unacknowledged messages that history
   * does not show, with their client_message_id (the server dedupes those it remembers).
   */
  private readonly recovery = new Recovery({
    runtimes: () => this.runtimes,
    active: () => this.focus,
    isConnected: () => this.client.isConnected,
    resyncOne: (scope, reason) => this.resyncOne(scope, reason),
    resendAll: () => this.outbox.resendAll(),
    notice: (scope, level, text) => this.notice(scope, level, text),
  });

  private async resyncOne(scope: RuntimeScope, reason: RecoveryReason): Promise<void> {
    if (reason === "reconnected") {
      const mode = PermissionModeSchema.safeParse(this.store.getState().runtimes[runtimeKey(scope)]?.device?.current_permission_mode);
      await reattachRuntime(this.client, scope, this.opts.clientVersion, Math.min(this.startTimeout, 15_000), this.tools.groups(), mode.success ? mode.data : undefined);
      this.opts.onAttached?.(scope, { agentName: this.store.getState().runtimes[runtimeKey(scope)]?.agentName });
    }
    await syncRuntime(this.client, scope, reason === "reconnected", this.opts.requestTimeoutMs);
    const messages = await this.backfill(scope, true);
    // What history shows arrived is not resent (see Outbox.settleFromHistory).
    this.outbox.settleFromHistory(sentMessageIds(messages ?? []));
    this.store.dispatch({ type: "resynced", scope, reconnected: reason === "reconnected", historyLoaded: messages !== null });
    this.healer.recovered(scope);
  }

  /** Reads history again when a turn that a gap cut into ends (see heal.ts). */
  private readonly healer: GapHealer;

  /**
   * History merged into the store; null when it could not be loaded (a notice says so).
   * `afterGap`: every read but the first, when attaching (see mergeHistory).
   */
  private async backfill(scope: RuntimeScope, afterGap = false): Promise<unknown[] | null> {
    try {
      const messages = await fetchHistory(this.client, scope);
      this.store.dispatch({ type: "history", scope, messages, afterGap });
      return messages;
    } catch (err) {
      this.notice(scope, "warning", `could not load history: ${messageOf(err)}`);
      return null;
    }
  }

  /**
   * A wire command the screen built (a slash command, a view): checked against its schema, sent
   * with a fresh request_id, answered by its response frame. A refusal (`success: false`) is
   * the caller's to read.
   */
  request(draft: CommandDraft, expect: FrameType): Promise<KnownFrame> {
    const command = CommandSchema.parse({ ...draft, request_id: this.client.newRequestId(draft.type) });
    return this.client.request(command, expect, this.opts.requestTimeoutMs);
  }

  /** A line in the transcript of the runtime on screen. */
  say(level: "info" | "success" | "warning" | "error", text: string): void {
    const scope = this.focus;
    if (scope) this.notice(scope, level, text);
  }

  /** A block (a command's result) in the transcript of the runtime on screen. */
  sayBlock(title: string, text: string, ok: boolean): void {
    const scope = this.focus;
    if (scope) this.store.dispatch({ type: "block", scope, title, text, ok });
  }

  private notice(scope: RuntimeScope, level: "info" | "success" | "warning" | "error", text: string): void {
    this.store.dispatch({ type: "notice", scope, level, text });
  }

  private requireScope(): RuntimeScope {
    const scope = this.runtime;
    if (!scope) throw new Error("no runtime attached");
    return scope;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
