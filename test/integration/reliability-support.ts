import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "../../src/cli/session.js";
import type { ControllerOptions } from "../../src/controller/controller.js";
import { fetchHistory } from "../../src/controller/attach.js";
import { openConversation } from "../../src/controller/conversations.js";
import { AppServerClient, type FrameLog } from "../../src/transport/client.js";
import type { TranscriptItem } from "../../src/store/state.js";
import { rowsOfHistory, rowsOfTranscript, type Row } from "./history-compare.js";
import { idle, sentFrames, status, texts } from "./reconnect-support.js";
import { FAST_RECONNECT, runtimeOf, sleep, testSession, transcript, waitFor, type LettaServer } from "./support.js";

// The reliability suites (reliability-kill, -freeze, -proxy) share this: seeded plans, one
// turn driven to a chosen point, a fault, and after it the same three checks against the real
// App Server: the transcript equals the server's history, no approval was answered twice, and
// every typed message arrived exactly once.

// ---- seeded randomness -------------------------------------------------------------------

export const SEED_ENV = "RELIABILITY_SEED";

export interface Rng {
  readonly seed: number;
  /** In [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
}

/** mulberry32: tiny and good enough to spread faults over a turn; the seed replays a run. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

/** The run's seed: RELIABILITY_SEED if set, else a fresh one, printed so a failure can be replayed. */
export function suiteRng(suite: string): Rng {
  const fromEnv = process.env[SEED_ENV];
  const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`${SEED_ENV} must be an integer, got ${JSON.stringify(fromEnv)}`);
  console.log(`[${suite}] seed ${seed} (replay with ${SEED_ENV}=${seed})`);
  return seededRng(seed);
}

// ---- where in a turn the fault lands --------------------------------------------------------

/**
 * streaming: after the k-th tick of a streaming reply; card: an approval card is pending;
 * answered: in the same tick as our answer to the card; answer-acked: once the server took the
 * answer; typed: in the same tick as a typed message leaves; typed-acked: in the tick its
 * input_accepted arrives.
 */
export const TURN_POINTS = ["streaming", "card", "answered", "answer-acked", "typed", "typed-acked"] as const;
export type TurnPoint = (typeof TURN_POINTS)[number];

export interface FaultPlan<K extends string> {
  n: number;
  kind: K;
  point: TurnPoint;
  /** streaming: fault after this tick; card answers: allow or deny. */
  tick: number;
  allow: boolean;
  /** Type a message while the fault lasts. */
  typeDuring: boolean;
  /** Fault-specific length (freeze and stall hold times), in ms. */
  holdMs: number;
}

/** A plan fixed up front from the seed, so test names say what each case does. */
export function planFaults<K extends string>(rng: Rng, count: number, kinds: readonly K[], holdMs: (kind: K, rng: Rng) => number): FaultPlan<K>[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { n: i + 1, kind, point: rng.pick(TURN_POINTS), tick: rng.int(1, 4), allow: rng.next() < 0.5, typeDuring: rng.next() < 0.5, holdMs: holdMs(kind, rng) };
  });
}

export const describePlan = (p: FaultPlan<string>) =>
  `#${p.n} ${p.kind} at ${p.point === "streaming" ? `tick ${p.tick}` : p.point}${p.point.startsWith("answer") ? ` (${p.allow ? "allow" : "deny"})` : ""}` +
  `${p.holdMs ? ` for ${p.holdMs} ms` : ""}${p.typeDuring ? ", typing meanwhile" : ""}`;

// ---- the client under test ------------------------------------------------------------------

/**
 * Fast reconnects, and a socket that counts as stable (its loss a new outage, with a fresh 60 s
 * give-up budget) after 300 ms, not 10 s: faults come every few seconds, each after a settled,
 * checked session; as one outage the client went offline after some 60 s of them (kill suite,
 * seed 3, kill #19; proxy suite, seed 1, #28 once no failed check paused the run for 15 s).
 */
export const FAULT_BACKOFF = { initialMs: 100, maxMs: 500, giveUpAfterMs: 60_000, stableAfterMs: 300 };

/**
 * Frames kept for a failure: enough to reach back past the fault before (a fault's cause can
 * lie there: proxy seed 1 #17 failed on a reply of #16's), written whole to a file on failure.
 */
const TRACE_LINES = 3000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** The messages of a create_message input frame we sent. */
function messagesOf(frame: Record<string, unknown>): { content: string; client_message_id: string }[] {
  const p = payloadOf(frame);
  if (p?.kind !== "create_message" || !Array.isArray(p.messages)) return [];
  return (p.messages as unknown[]).flatMap((m) => (isObject(m) && typeof m.content === "string" && typeof m.client_message_id === "string" ? [{ content: m.content, client_message_id: m.client_message_id }] : []));
}

function payloadOf(frame: Record<string, unknown>): Record<string, unknown> | undefined {
  return frame.type === "input" && isObject(frame.payload) ? frame.payload : undefined;
}

/**
 * One letta-tui session (store + controller, as the TUI drives them; no keys, so the suite
 * tests the transport and store path) plus what it sent, what we typed and answered.
 */
export class Rig {
  /** Every frame our client sent, in order. */
  readonly sent: Record<string, unknown>[];
  /** Texts we typed, each unique (it carries the turn's tag). */
  readonly typed: string[] = [];
  private readonly workDir: string;
  /** Times the link went from connected to reconnecting. */
  drops = 0;
  /**
   * Typed messages whose bytes a long stall held in the proxy: written by our old socket before
   * the heartbeat gave up on it, resent on the new one. See deliveryProblems.
   */
  readonly stranded = new Set<string>();
  /** Problems a failed check already reported (see expectConsistent). */
  readonly reported = new Set<string>();
  /** The fault under way (describePlan), naming its trace file; where those files go. */
  private fault = "before the faults";
  private traceDir: string | undefined;

  private constructor(
    readonly server: LettaServer,
    readonly session: Session,
    sent: Record<string, unknown>[],
    private readonly trace: string[],
  ) {
    this.sent = sent;
    this.workDir = server.workDir;
    let last = status(session);
    session.store.subscribe(() => {
      const now = status(session);
      if (now === "reconnecting" && last === "connected") this.drops++;
      last = now;
    });
  }

  /** A session over `url` (the server's, or a proxy's) with fast reconnects and a frame spy. */
  static async open(server: LettaServer, url: string, transport: Partial<ControllerOptions> = {}): Promise<Rig> {
    const frames = sentFrames();
    const trace: string[] = [];
    // Device status is kept whole: its pending_control_requests decide which cards stay.
    const note = (line: string) =>
      void (trace.push(`${new Date().toISOString().slice(11, 23)} ${line.slice(0, line.includes("pending_control_requests") ? 2000 : 1000)}`) > TRACE_LINES && trace.shift());
    const log: FrameLog = {
      sent: (f) => (frames.log.sent(f), note(`-> ${JSON.stringify(f)}`)),
      received: (text) => note(`<- ${text}`),
      event: (name, detail) => note(`** ${name} ${detail ? JSON.stringify(detail) : ""}`),
    };
    const session = await testSession({ ...server, url }, undefined, {}, { ...FAST_RECONNECT, log, ...transport });
    return new Rig(server, session, frames.sent, trace);
  }

  /** The session's state and the newest frames, for a failure message. */
  diagnosis(): string {
    const rt = this.rt;
    const state = { status: status(this.session), loop: rt.loop?.status, cards: rt.approvals, queued: rt.queuedMessages, pending: rt.pendingInputs, tail: transcript(this.session).slice(-6) };
    return `state: ${JSON.stringify(state)}\n  ${this.lastFrames()}`;
  }

  /**
   * The newest frames both ways, for a failure message: what led to it. The whole trace goes
   * to a file (0600, in a 0700 folder of its own), named in the message.
   */
  lastFrames(n = 40): string {
    this.traceDir ??= mkdtempSync(join(tmpdir(), "letta-tui-faults-"));
    const file = join(this.traceDir, `${this.fault.replace(/[^\w#-]+/g, "_").replace(/^#/, "fault-")}.log`);
    let saved = `all ${this.trace.length} kept in ${file}`;
    try {
      writeFileSync(file, `${this.trace.join("\n")}\n`, { mode: 0o600 });
    } catch (err) {
      saved = `could not write them all to ${file}: ${String(err)}`;
    }
    return `last frames (${saved}):\n    ${this.trace.slice(-n).join("\n    ")}`;
  }

  get rt() {
    return runtimeOf(this.session.store.getState(), this.session);
  }

  type(text: string): void {
    this.typed.push(text);
    this.session.controller.sendMessage(text);
  }

  /** "reconnected and resynced" notices so far: one per completed recovery after a loss. */
  recoveries(): number {
    return texts(this.session, "notice").filter((t) => t === "reconnected and resynced").length;
  }

  /** The file every scripted Bash call of this rig appends its tag to. */
  get ranFile(): string {
    return join(this.workDir, "ran.txt");
  }

  /**
   * Start a turn tagged `t<n>` and return once it is at `plan.point`; the caller strikes then,
   * in the same tick where the point is "the same tick as".
   */
  async reach(plan: FaultPlan<string>): Promise<void> {
    this.fault = describePlan(plan);
    const tag = `t${plan.n}`;
    const s = this.session;
    await waitFor("idle before the turn", () => idle(s) && this.rt.approvals.order.length === 0, 60_000);
    switch (plan.point) {
      case "typed":
      case "typed-acked": {
        this.type(`${tag} [[text:reply ${tag}]]`);
        if (plan.point === "typed") return;
        // Checked on every store change, so the fault lands in the very tick of the ack.
        await new Promise<void>((resolve) => {
          const acked = () => !Object.values(this.rt.pendingInputs).some((p) => p.kind === "message");
          if (acked()) return resolve();
          const stop = s.store.subscribe(() => acked() && (stop(), resolve()));
        });
        return;
      }
      case "streaming": {
        // 12 ticks (3 s): long enough to strike at tick 1-4, short enough to finish if it survives.
        this.type(`${tag} [[slow:3]]`);
        const tick = new RegExp(`\\btick${plan.tick}\\b`);
        await waitFor(`tick ${plan.tick}`, () => texts(s, "assistant").some((t) => tick.test(t)), 60_000);
        return;
      }
      case "card":
      case "answered":
      case "answer-acked": {
        const id = await this.cardFor(tag);
        if (plan.point === "card") return;
        this.answer(id, plan.allow);
        if (plan.point === "answered") return;
        // Taken: the card leaves the store once the server has the answer (or refused it).
        await waitFor("answer taken", () => !this.rt.approvals.byId[id], 60_000);
        return;
      }
    }
  }

  /**
   * Type a Bash directive and wait for its card. The first turn after a kill can end without
   * one: 0.32.18 closes the stale call the kill left with a tool result placed after our
   * message, and the scripted model answers a trailing tool result with text. Then again.
   */
  private async cardFor(tag: string): Promise<string> {
    for (const attempt of ["", "b", "c"]) {
      const text = `${tag}${attempt} [[bash:echo ${tag} >> ${this.ranFile}]]`;
      this.type(text);
      const found = await waitFor(
        "a card, or the turn over without one",
        () => {
          const pending = this.rt.approvals.order.find((a) => this.rt.approvals.byId[a]?.phase === "pending");
          if (pending) return { pending };
          const items = transcript(this.session);
          const mine = items.findIndex((i) => i.kind === "user" && i.text === text);
          const answered = mine >= 0 && items.slice(mine + 1).some((i) => i.kind === "assistant" && i.done);
          return answered && idle(this.session) ? { pending: undefined } : undefined;
        },
        60_000,
      ).catch((err: unknown) => {
        throw new Error(`${String(err)}; ${this.diagnosis()}`);
      });
      if (found.pending) return found.pending;
    }
    throw new Error(`no card for ${tag} in three turns`);
  }

  answer(approvalId: string, allow: boolean): void {
    this.session.controller.answerApproval(approvalId, allow ? { behavior: "allow" } : { behavior: "deny", message: "denied by the reliability suite" });
  }

  /**
   * Connected, re-attached, the turn over, nothing held or sending. A card still pending (a
   * turn that survived the fault) is answered, once; a card we answered that comes back is not
   * answered again: then this times out and says so.
   */
  async settle(allow: boolean, timeoutMs = 90_000): Promise<void> {
    let resumed = false;
    await waitFor(
      "the session to settle (connected, idle, nothing pending)",
      () => {
        if (status(this.session) !== "connected") return false;
        const rt = this.rt;
        for (const id of rt.approvals.order) {
          if (rt.approvals.byId[id]?.phase === "pending" && !this.answeredIds().has(id)) this.answer(id, allow);
        }
        // Judged by what awaits an answer (its row stays open until the answer settles it).
        const sending = Object.values(rt.pendingInputs).some((p) => p.kind === "message");
        // The server pauses its queue when a turn is cut off; the queue panel offers to resume
        // it, and a person would. Once per settle: a second resume would hide a stuck queue.
        const waiting = Object.values(rt.queuedMessages).some((q) => !q.held);
        if (waiting && idle(this.session) && !sending && !resumed) {
          resumed = true;
          this.session.controller.resumeQueue();
        }
        return idle(this.session) && rt.approvals.order.length === 0 && Object.keys(rt.queuedMessages).length === 0 && !sending;
      },
      timeoutMs,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}; ${this.diagnosis()}`);
    });
  }

  /**
   * The server came back without the conversation (a kill inside its rewrite of the record, a
   * loss the disk shows): the session must say so in plain words, and a person goes on in a new
   * conversation of the same agent (what /new does). The checks start over there: what was typed
   * into the lost one can be delivered nowhere.
   */
  async goOnAfterLoss(): Promise<void> {
    const lost = this.rt.key;
    await waitFor("the session saying the conversation is lost", () => texts(this.session, "notice").some((t) => t.startsWith("the server no longer has this conversation")), 60_000).catch(
      (err: unknown) => {
        throw new Error(`${String(err)}; ${this.diagnosis()}`);
      },
    );
    await openConversation(this.session.controller, { kind: "new-conversation" });
    await waitFor("a new conversation on screen", () => status(this.session) === "connected" && this.rt.key !== lost, 60_000);
    this.typed.length = 0;
    this.sent.length = 0;
    this.stranded.clear();
    this.reported.clear();
  }

  /** approval_response frames we sent, by the approval's request_id. */  /** approval_response frames we sent, by the approval's request_id. */
  answersSent(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const f of this.sent) {
      const p = payloadOf(f);
      if (p?.kind === "approval_response" && typeof p.request_id === "string") counts.set(p.request_id, (counts.get(p.request_id) ?? 0) + 1);
    }
    return counts;
  }

  private answeredIds(): Set<string> {
    return new Set(this.answersSent().keys());
  }

  /** client_message_id of every create_message we sent, by text (all sends of one text). */
  /** Index in `sent` of the oldest message still awaiting its input_accepted (or the end). */
  oldestUnacked(): number {
    const waiting = new Set(Object.values(this.rt.pendingInputs).flatMap((p) => (p.kind === "message" ? [p.clientMessageId] : [])));
    const at = this.sent.findIndex((f) => messagesOf(f).some((m) => waiting.has(m.client_message_id)));
    return at < 0 ? this.sent.length : at;
  }

  /** The messages sent from `from` until now went into a path the heartbeat then gave up on. */
  strand(from: number): void {
    for (const f of this.sent.slice(from)) for (const m of messagesOf(f)) this.stranded.add(m.content);
  }

  messageIdsSent(): Map<string, Set<string>> {
    const ids = new Map<string, Set<string>>();
    for (const f of this.sent) {
      const p = payloadOf(f);
      if (p?.kind !== "create_message" || !Array.isArray(p.messages)) continue;
      for (const m of p.messages as unknown[]) {
        if (!isObject(m) || typeof m.content !== "string" || typeof m.client_message_id !== "string") continue;
        ids.set(m.content, (ids.get(m.content) ?? new Set()).add(m.client_message_id));
      }
    }
    return ids;
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

/**
 * One fault, start to finish: reach the plan's point, strike, type meanwhile if the plan says
 * so, end the fault, then wait for the recovery (if the link dropped), settle the turn and
 * check the transcript against the server. `strike` resolves once the fault has ended; its
 * `dropped` resolves once our side has noticed the loss.
 */
/** What a fault's strike found: the server came back without the conversation (proven on disk). */
export type StrikeOutcome = void | "conversation-lost";

export async function runFault(rig: Rig, plan: FaultPlan<string>, figures: Figure[], strike: (dropped: () => Promise<unknown>) => Promise<StrikeOutcome>): Promise<void> {
  try {
    await faultCycle(rig, plan, figures, strike);
  } catch (err) {
    // Said at once, not only in the summary at the end: the faults after it take minutes.
    console.error(`[${plan.kind}] ${describePlan(plan)} failed: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}

async function faultCycle(rig: Rig, plan: FaultPlan<string>, figures: Figure[], strike: (dropped: () => Promise<unknown>) => Promise<StrikeOutcome>): Promise<void> {
  await rig.reach(plan);
  const recoveries = rig.recoveries();
  const drops = rig.drops;
  const struck = Date.now();
  let detectMs: number | undefined;
  const stop = rig.session.store.subscribe(() => {
    if (detectMs === undefined && rig.drops > drops) detectMs = Date.now() - struck;
  });
  let outcome: StrikeOutcome;
  try {
    // Counted on every store change: a reconnect can be over before a poll would see it.
    outcome = await strike(() => waitFor("the loss noticed", () => rig.drops > drops, 30_000));
  } finally {
    stop();
  }
  if (outcome === "conversation-lost") {
    await rig.goOnAfterLoss();
    figures.push({ label: describePlan(plan), detectMs, consistent: true, conversationLost: true });
    return;
  }
  const ended = Date.now();
  let recoveryMs: number | undefined;
  if (rig.drops > drops || status(rig.session) !== "connected") {
    await waitFor("reconnected and resynced", () => rig.recoveries() > recoveries, 60_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n  ${rig.lastFrames()}`);
    });
    recoveryMs = Date.now() - ended;
  }
  const figure: Figure = { label: describePlan(plan), detectMs, recoveryMs, consistent: false };
  figures.push(figure);
  await rig.settle(plan.allow);
  await expectConsistent(rig, describePlan(plan));
  figure.consistent = true;
}

/** A message typed while the fault lasts, tagged with the plan's number. */
export const typeDuring = (rig: Rig, plan: FaultPlan<string>) => plan.typeDuring && rig.type(`w${plan.n} [[text:reply w${plan.n}]]`);

// ---- the server's word ----------------------------------------------------------------------

/**
 * Results 0.32.18 writes for a call a lost connection or a kill left open. It writes them when
 * the next turn starts and never streams them, so no client can show them without reading
 * history on every turn; a closed row without a result is what the transcript can honestly
 * show (reported in docs/reliability.md).
 */
const SERVER_CLOSED = /^(Interrupted by user|User interrupted the stream|The agent harness automatically closed this stale pending tool call)/;

/**
 * Tool rows (`Name -> result`) that may differ: the server closed the call itself (above), or
 * lost the result a kill cut off after the command ran, which we saw and keep showing (the
 * command did run; hiding that would be the lie).
 */
function resultLostOrClosed(mine: string, theirs: string): boolean {
  const name = (row: string) => row.split(" -> ")[0];
  if (name(mine) !== name(theirs)) return false;
  const stored = theirs.slice(name(theirs)!.length + 4);
  return theirs === name(theirs) || SERVER_CLOSED.test(stored);
}

/**
 * Every way the transcript differs from the server's history (rows as history-compare.ts
 * makes them); empty when they agree. Unlike its tail comparison, each difference is named,
 * so a failure says what went wrong, and rows only we show are judged too.
 */
export function differences(items: TranscriptItem[], history: unknown[], storedTwice: ReadonlySet<string> = new Set()): string[] {
  // A message the server stored twice under our one id (see deliveryProblems) is one row of
  // ours: its second copy is compared as the first.
  const theirs = rowsOfHistory(history).filter(([key], i, all) => !storedTwice.has(key) || all.findIndex(([k]) => k === key) === i);
  const serverKeys = new Set(theirs.map(([key]) => key));
  const ours = rowsOfTranscript(items, serverKeys);
  const out: string[] = [];
  const seen = new Map<string, number>();
  for (const [key] of ours) seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const [key, n] of seen) if (n > 1) out.push(`${key} shown ${n} times`);
  const byKey = new Map(ours);
  const cut = (t: string) => JSON.stringify(t.length > 300 ? `${t.slice(0, 300)}…` : t);
  for (const [key, text] of theirs) {
    const mine = byKey.get(key);
    if (mine === undefined) out.push(`missing ${key}: ${cut(text)}`);
    else if (mine !== text && !(key.startsWith("tool:") && resultLostOrClosed(mine, text))) out.push(`${key} differs: shown ${cut(mine)}, server has ${cut(text)}`);
  }
  // What only we show must be ours to show: a reply cut off, marked interrupted (dropped above).
  for (const [key, text] of ours) if (!serverKeys.has(key)) out.push(`${key} is not in the server's history (nor marked interrupted): ${cut(text)}`);
  const order = (rows: Row[]) => rows.filter(([k]) => serverKeys.has(k) && byKey.has(k));
  const [shown, stored] = [order(ours), order(theirs)];
  const at = shown.findIndex(([k], i) => k !== stored[i]?.[0]);
  // Only the first row out of place, so the same disorder reads the same in later checks.
  const row = (r: Row | undefined) => (r ? `${r[0]} ${cut(r[1].slice(0, 40))}` : "nothing");
  if (at >= 0) out.push(`order differs from row ${at}: shown ${row(shown[at])}, server has ${row(stored[at])} (after ${row(stored[at - 1])})`);
  return out;
}

/** The server's whole history of the rig's conversation, asked on a plain connection of its own. */
export async function serverHistory(rig: Rig): Promise<unknown[]> {
  const side = await AppServerClient.connect(rig.server.url, { onFrame() {}, onStatus() {}, onReconnected() {} });
  try {
    // All of it (history-compare's serverHistory reads one page): a suite adds 100-odd messages.
    const page = await fetchHistory(side, rig.session.controller.runtime!, HISTORY_LIMIT);
    if (page.length >= HISTORY_LIMIT) throw new Error(`more than ${HISTORY_LIMIT} messages: raise HISTORY_LIMIT`);
    return page;
  } finally {
    side.close();
  }
}

const HISTORY_LIMIT = 1000;

/** Everything wrong with the typed messages and answers, judged by the server's history. */
export function deliveryProblems(rig: Rig, history: unknown[]): string[] {
  const out: string[] = [];
  for (const [approval, n] of rig.answersSent()) if (n > 1) out.push(`approval ${approval} answered ${n} times`);
  const sentIds = rig.messageIdsSent();
  const users = history.filter(isObject).filter((m) => m.message_type === "user_message");
  const shown = texts(rig.session, "user");
  for (const text of rig.typed) {
    const ids = sentIds.get(text) ?? new Set<string>();
    const stored = users.filter((m) => rowsOfHistory([m])[0]?.[1] === text);
    // One id, resent as it is, so the server can dedupe. A second only for a message the server
    // answered "queued" from its id memory while holding it nowhere (Outbox.confirmQueued): then
    // history must hold it exactly once, under one of our ids (checked below).
    if (ids.size === 0 || (ids.size > 1 && stored.length !== 1)) out.push(`${JSON.stringify(text)} sent under ${ids.size} client_message_ids`);
    // Allowed, exactly: a message a long stall stranded is stored twice under our one id. Its
    // first copy had left our process (the paused proxy had read it into its buffer) before the
    // heartbeat gave up; the proxy delivered it on resume, after our resend on the new socket,
    // and 0.32.18 does not dedupe a client_message_id across connections. No client can recall
    // bytes it already wrote (a TCP reset does not stop a peer that has read them; tried with
    // ws + this proxy), and not resending would lose the message on a path that never resumes.
    const strandedTwice = stored.length === 2 && rig.stranded.has(text) && ids.size === 1 && stored.every((m) => ids.has(String(m.otid)));
    if (stored.length !== 1 && !strandedTwice) out.push(`${JSON.stringify(text)} is ${stored.length} times in the server's history`);
    else if (!strandedTwice && !ids.has(String(stored[0]!.otid))) out.push(`${JSON.stringify(text)} is in history under otid ${String(stored[0]!.otid)}, not the id we sent`);
    const rows = shown.filter((t) => t === text).length;
    if (rows !== 1) out.push(`${JSON.stringify(text)} shown ${rows} times`);
  }
  // The side effect itself: a Bash call runs at most once, and exactly once if history says it ran.
  let ran: string[] = [];
  try {
    ran = readFileSync(rig.ranFile, "utf8").split("\n").filter(Boolean);
  } catch {
    /* nothing ran yet */
  }
  for (const tag of new Set(ran)) {
    const n = ran.filter((t) => t === tag).length;
    if (n > 1) out.push(`the command of ${tag} ran ${n} times`);
  }
  return out;
}

/**
 * Wait until the transcript equals the server's history and every delivery is right; a
 * transcript that never converges fails with what differs.
 */
export async function expectConsistent(rig: Rig, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const history = await serverHistory(rig);
    // A problem an earlier fault's test already failed on is not blamed on this one as well.
    const twice = new Set(rowsOfHistory(history).filter(([key, text], i, all) => rig.stranded.has(text) && all.findIndex(([k]) => k === key) !== i).map(([key]) => key));
    const problems = [...differences(transcript(rig.session), history, twice), ...deliveryProblems(rig, history)].filter((p) => !rig.reported.has(p));
    if (problems.length === 0) return;
    if (Date.now() > deadline) {
      for (const p of problems) rig.reported.add(p);
      const { cut, doubtful, turnRows, loop } = rig.rt;
      const gaps = JSON.stringify({ cut, doubtful, turnRows, loop: loop?.status });
      throw new Error(`${what}: the transcript does not match the server\n  ${problems.join("\n  ")}\n  gap state: ${gaps}\n  ${rig.lastFrames()}`);
    }
    await sleep(500);
  }
}

// ---- figures --------------------------------------------------------------------------------

export interface Figure {
  label: string;
  /** Fault start to our side noticing (status "reconnecting"), when it did. */
  detectMs?: number;
  /** Fault end (server up again, thawed, path open) to "reconnected and resynced", when it reconnected. */
  recoveryMs?: number;
  /** All three checks passed after it. */
  consistent: boolean;
  /** The server came back without the conversation; the session said so and went on in a new one. */
  conversationLost?: boolean;
}

function medianMax(values: number[]): string {
  if (!values.length) return "none";
  const ms = [...values].sort((a, b) => a - b);
  const median = (ms[(ms.length - 1) >> 1]! + ms[ms.length >> 1]!) / 2;
  return `median ${Math.round(median)} ms, max ${ms.at(-1)} ms (n=${ms.length})`;
}

export function summarize(suite: string, seed: number, figures: Figure[]): string {
  const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
  return [
    `[${suite}] seed ${seed}: ${figures.length} faults recovered from, ${figures.filter((f) => f.consistent).length} of them passed every check` +
      `${figures.some((f) => f.conversationLost) ? `; the server lost the conversation in ${figures.filter((f) => f.conversationLost).length}` : ""}`,
    `  noticed the loss: ${medianMax(defined(figures.map((f) => f.detectMs)))}`,
    `  fault over -> reconnected and resynced: ${medianMax(defined(figures.map((f) => f.recoveryMs)))}`,
    ...figures.map(
      (f) =>
        `  ${f.label}: ${f.detectMs !== undefined ? `noticed ${f.detectMs} ms, ` : ""}${f.conversationLost ? "the server lost the conversation: said so, went on in a new one" : f.recoveryMs !== undefined ? `recovered ${f.recoveryMs} ms` : "no reconnect"}` +
        `${f.consistent ? "" : " - FAILED"}`,
    ),
  ].join("\n");
}
