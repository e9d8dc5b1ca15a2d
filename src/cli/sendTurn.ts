import type { ApprovalDecision } from "../protocol/commands.js";
import { parseDelta } from "../protocol/deltas.js";
import { runtimeKey } from "../protocol/runtime.js";
import { allItems, EMPTY_TRANSCRIPT, lookup } from "../store/archive.js";
import type { StoreEvent } from "../store/events.js";
import { own } from "../store/own.js";
import type { ApprovalCard, ConnectionState, RuntimeState } from "../store/state.js";
import { sanitizeLine } from "../ui/sanitize.js";
import type { CliConfig } from "./options.js";
import type { Session } from "./session.js";
import { askApproval, askQuestion, jsonPrinter, LinePrompter, textPrinter, TranscriptFollower, type Printer, type Writer } from "./sendOutput.js";

// One turn of `letta-tui send`: follow the transcript, answer approvals by policy, and decide
// the exit code when the turn finishes.

export const APPROVE_POLICIES = ["never", "always", "ask"] as const;
export type ApprovePolicy = (typeof APPROVE_POLICIES)[number];

/** Exit codes of `letta-tui send`; 124 is what timeout(1) uses, so scripts can treat both alike. */
export const SEND_EXIT = { ok: 0, failed: 1, usage: 2, denied: 3, timeout: 124 } as const;

export const NEVER_MESSAGE = "denied by letta-tui send --approve never";
export const USER_DENIED_MESSAGE = "denied by the user (letta-tui send --approve ask)";

export interface SendIo {
  stdout: Writer;
  stderr: Writer;
  /** Where "-" reads the message and --approve ask reads answers (process.stdin if absent). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface SendOptions {
  config: CliConfig;
  /** As given: "-" still means stdin. */
  message: string;
  json: boolean;
  approve: ApprovePolicy;
  turnTimeoutMs: number;
}

/**
 * Send the message and follow its turn to the end. The reply is found by diffing the store
 * after every change; the end is the turn_finished frame itself, seen by wrapping the store's
 * dispatch, because the state keeps no trace of it that a later identical turn would not also
 * leave (lastStopReason stays "end_turn").
 */
export function runTurn(session: Session, o: SendOptions, io: SendIo, stdin: NonNullable<SendIo["stdin"]>): Promise<number> {
  const { store, controller } = session;
  const scope = controller.runtime;
  if (!scope) throw new Error("no runtime attached");
  const key = runtimeKey(scope);
  const runtime = (): RuntimeState | undefined => store.getState().runtimes[key];
  const start = runtime();
  const startTranscript = start?.transcript ?? EMPTY_TRANSCRIPT;
  // History shown at attach is not this turn's reply; nor are prompts an earlier turn left open.
  const skip = new Set(allItems(startTranscript).map((i) => i.key));
  const earlier = new Set(start?.approvals.order ?? []);
  const denied = new Set<string>();
  const follower = new TranscriptFollower(startTranscript, skip, denied);
  const printer: Printer = o.json ? jsonPrinter(io.stdout) : textPrinter(io.stdout, io.stderr);
  printer.emit({ type: "attached", agent_id: scope.agent_id ?? null, conversation_id: scope.conversation_id });

  return new Promise<number>((resolve) => {
    let ended = false;
    let ownId: string | undefined;
    // Servers before 0.30.3 acknowledge no input and send no turn_finished (PROTOCOL §4.6).
    let legacy = false;
    let policyDenials = 0;
    let queuedNoted = false;
    let earlierNoted = false;
    let lastConnection = store.getState().connection.status;
    const answered = new Map<string, ApprovalDecision>();
    const prompter = o.approve === "ask" ? new LinePrompter(stdin, io.stderr) : undefined;

    const end = (code: number, why?: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      unsubscribe();
      store.dispatch = dispatch;
      prompter?.close();
      printer.end();
      if (why) io.stderr.write(`letta-tui: ${sanitizeLine(why)}\n`);
      resolve(code);
    };
    // Ends without a turn_finished line: JSON readers get the reason on stdout as well.
    const abort = (code: number, why: string) => {
      if (ended) return;
      if (o.json) printer.emit({ type: "error", message: why });
      end(code, why);
    };
    const finishTurn = (stopReason: string, error?: string) => {
      printer.emit(error ? { type: "turn_finished", stop_reason: stopReason, error } : { type: "turn_finished", stop_reason: stopReason });
      if (error) return end(SEND_EXIT.failed, `the turn failed: ${error}`);
      if (stopReason !== "end_turn") return end(SEND_EXIT.failed, `the turn ended with stop reason ${stopReason}`);
      if (policyDenials > 0) {
        const calls = policyDenials === 1 ? "1 tool call" : `${policyDenials} tool calls`;
        return end(SEND_EXIT.denied, `denied ${calls} (--approve never); pass --approve always or ask to let tools run`);
      }
      end(SEND_EXIT.ok);
    };
    const ourTurnStarted = () => {
      const rt = runtime();
      const item = rt && ownId ? lookup(rt.transcript, `user:${ownId}`) : undefined;
      return item?.kind === "user" && item.state === "started";
    };

    const answer = (card: ApprovalCard, decision: ApprovalDecision) => {
      if (!answered.has(card.requestId)) {
        if (decision.behavior === "deny" && card.toolCallId) denied.add(card.toolCallId);
        const reason = decision.behavior === "deny" ? decision.message : undefined;
        printer.emit({ type: "approval", id: card.requestId, tool: card.toolName, decision: decision.behavior, ...(reason ? { reason } : {}) });
      }
      answered.set(card.requestId, decision);
      controller.answerApproval(card.requestId, decision);
    };
    const asking = new Set<string>();
    const approvals = (rt: RuntimeState) => {
      for (const id of rt.approvals.order) {
        const card = own(rt.approvals.byId, id);
        if (!card || card.phase !== "pending" || asking.has(id)) continue;
        if (earlier.has(id) || (card.toolCallId !== undefined && skip.has(`tool:${card.toolCallId}`))) {
          if (!earlierNoted) printer.emit({ type: "notice", level: "warning", text: "an earlier turn waits for an approval; send does not answer it, so this message waits too" });
          earlierNoted = true;
          continue;
        }
        // Pending again after we answered: the answer was lost with the connection and the
        // server asks again (PROTOCOL §5.6). Give the same answer.
        const previous = answered.get(id);
        if (previous) answer(card, previous);
        else if (o.approve === "always") answer(card, { behavior: "allow" });
        else if (o.approve === "never") {
          policyDenials++;
          answer(card, { behavior: "deny", message: NEVER_MESSAGE });
        } else if (prompter) {
          asking.add(id);
          void askApproval(prompter, card).then((yes) => {
            asking.delete(id);
            if (!ended) answer(card, yes ? { behavior: "allow" } : { behavior: "deny", message: USER_DENIED_MESSAGE });
          });
        }
      }
    };
    // Our ask_user tool waits for a person (4.5 min); without a terminal to ask on, say no now.
    const questionsSeen = new Set<string>();
    const questions = (rt: RuntimeState) => {
      for (const q of rt.questions.filter((x) => !questionsSeen.has(x.requestId))) {
        questionsSeen.add(q.requestId);
        if (!prompter) printer.emit({ type: "notice", level: "warning", text: `declined to answer (no terminal; see --approve ask): ${q.question}` });
        void (prompter ? askQuestion(prompter, q) : Promise.resolve(null)).then((reply) => {
          if (!ended && reply !== null) controller.tools.answer(q.requestId, reply);
          else if (!ended) controller.tools.decline(q.requestId);
        });
      }
    };
    const ownMessage = (rt: RuntimeState) => {
      if (!ownId) return;
      const item = lookup(rt.transcript, `user:${ownId}`);
      if (item?.kind === "user" && item.state === "failed") abort(SEND_EXIT.failed, `the server did not take the message: ${item.error ?? "rejected"}`);
      else if (!queuedNoted && own(rt.queuedMessages, ownId)) {
        queuedNoted = true;
        printer.emit({ type: "notice", level: "info", text: "a turn is already running; the message is queued behind it" });
      }
    };
    const connection = (c: ConnectionState) => {
      if (c.status === lastConnection) return;
      lastConnection = c.status;
      // The controller reconnects, resyncs and resends by itself; only giving up ends the run.
      if (c.status === "reconnecting") printer.emit({ type: "notice", level: "warning", text: `connection lost (${c.error ?? "closed"}); reconnecting` });
      else if (c.status === "offline" || c.status === "closed" || c.status === "failed") abort(SEND_EXIT.failed, `connection lost: ${c.error ?? "closed"}`);
    };

    const step = () => {
      const state = store.getState();
      const rt = state.runtimes[key];
      if (rt) {
        for (const event of follower.diff(rt.transcript)) printer.emit(event);
        approvals(rt);
        questions(rt);
        ownMessage(rt);
      }
      if (!ended) connection(state.connection);
    };
    // Answering an approval dispatches, which calls us again from inside step(); run again
    // afterwards instead, so one pass never works on a snapshot another pass has changed.
    let running = false;
    let again = false;
    const onChange = () => {
      if (running) return void (again = true);
      running = true;
      try {
        do {
          again = false;
          if (!ended) step();
        } while (again);
      } finally {
        running = false;
      }
    };

    const observe = (event: StoreEvent) => {
      if (ended) return;
      if (event.type === "message_sent") ownId ??= event.clientMessageId;
      else if (event.type === "input_unacknowledged") legacy = true;
      else if (event.type === "frame" && event.parsed.kind === "frame") {
        const f = event.parsed.frame;
        if (f.type === "turn_finished" && runtimeKey(f.runtime) === key && ourTurnStarted()) {
          finishTurn(f.stop_reason ?? "end_turn", f.error ?? undefined);
        } else if (legacy && f.type === "stream_delta" && !f.subagent_id && runtimeKey(f.runtime) === key) {
          const d = parseDelta(f.delta);
          if (d.message_type === "stop_reason" && d.stop_reason !== "requires_approval" && ourTurnStarted()) finishTurn(d.stop_reason);
        }
      }
    };
    // The listener has already run for this event by the time observe() sees it, so the last
    // output is printed before turn_finished.
    const dispatch = store.dispatch;
    store.dispatch = (event) => {
      dispatch(event);
      observe(event);
    };
    const unsubscribe = store.subscribe(onChange);
    const seconds = o.turnTimeoutMs / 1000;
    const timer = setTimeout(
      () => abort(SEND_EXIT.timeout, `the turn did not finish within ${seconds} s (--turn-timeout); it may still be running on the server`),
      o.turnTimeoutMs,
    );
    try {
      controller.sendMessage(o.message);
    } catch (err) {
      return abort(SEND_EXIT.failed, err instanceof Error ? err.message : String(err));
    }
    onChange();
  });
}
