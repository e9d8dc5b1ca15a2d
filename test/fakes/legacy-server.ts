import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import WebSocket, { WebSocketServer } from "ws";

// A v0.29.2–v0.29.6 App Server (PROTOCOL §1.3, §2.1, §2.3, §4.6, §8) for what the real 0.32.18
// server can no longer do: the control + stream socket pair, its 1008 pairing rules, stream-type
// routing with fallback to control, and one event_seq counter shared by both sockets. Turns are
// scripted: no input_accepted and no turn_finished, exactly as legacy clients saw it.
// Unverified detail: when control closes, the stream socket is left open to pair with the next
// control session (the notes only say that closing stream terminates control).

export interface LegacyServerOptions {
  /** Delay stream-socket frames by jitterMs/2..jitterMs (order within the socket is kept). */
  jitterMs?: number;
  /** How long a stream socket waits for control; the real server waits 5 s. */
  pairTimeoutMs?: number;
  /** Pause between scripted turn frames, so turns are asynchronous like a real model. */
  stepMs?: number;
  /** The assistant's answer to a user message. */
  reply?: (text: string) => string;
}

export interface LegacyServer {
  url: string; // ws://127.0.0.1:PORT/ws
  close(): Promise<void>;
  connections(): { control: number; stream: number };
}

type Frame = Record<string, unknown>;

const STREAM_TYPES = new Set(["stream_delta", "update_device_status", "update_loop_status", "update_queue", "update_subagent_state"]);
const APPROVE_DIRECTIVE = "[[approve]]";

class Cancelled extends Error {}

/** Run a script step; Cancelled means the control session ended under it, which is not an error. */
function quietly(step: () => void | Promise<void>): void {
  const onError = (err: unknown) => {
    if (!(err instanceof Cancelled)) throw err;
  };
  try {
    step()?.catch(onError);
  } catch (err) {
    onError(err);
  }
}

/** One control session = one fresh listener runtime, with its own event_seq counter. */
interface Session {
  control: WebSocket;
  alive: boolean;
  seq: number;
  runtime?: { agent_id: string; conversation_id: string };
  mode: string;
  cwd: string;
  runs: number;
  busy: boolean;
  queue: { id: string; client_message_id: string | null; kind: string; source: string; content: string }[];
  pending?: { requestId: string; toolCallId: string; run: string; request: Frame; frame: Frame };
}

const obj = (v: unknown): Frame | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Frame) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const textOf = (c: unknown): string =>
  typeof c === "string" ? c : Array.isArray(c) ? c.map((p) => str(obj(p)?.text) ?? "").join("") : "";

export async function startLegacyServer(opts: LegacyServerOptions = {}): Promise<LegacyServer> {
  const jitterMs = opts.jitterMs ?? 0;
  const stepMs = opts.stepMs ?? 2;
  const reply = opts.reply ?? ((t: string) => `You said: ${t}. This is the legacy fake replying.`);
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  let control: Session | undefined;
  let stream: WebSocket | undefined;
  let waiting: { ws: WebSocket; timer: NodeJS.Timeout } | undefined;
  // Per-socket send deadlines keep jittered frames in order within the socket, as TCP would.
  const lastSendAt = new WeakMap<WebSocket, number>();

  function send(ws: WebSocket, frame: Frame): void {
    const data = JSON.stringify(frame);
    const write = () => ws.readyState === WebSocket.OPEN && ws.send(data);
    if (ws !== stream || jitterMs <= 0) return void write();
    const at = Math.max(lastSendAt.get(ws) ?? 0, Date.now() + jitterMs * (0.5 + Math.random() / 2));
    lastSendAt.set(ws, at);
    setTimeout(write, at - Date.now());
  }

  function emit(s: Session, frame: Frame): void {
    if (!s.alive || !s.runtime) throw new Cancelled();
    const seq = ++s.seq;
    const type = String(frame.type);
    const enveloped = { ...frame, runtime: s.runtime, event_seq: seq, emitted_at: new Date().toISOString(), idempotency_key: `${type}:${seq}:${randomUUID()}` };
    send(STREAM_TYPES.has(type) && stream ? stream : s.control, enveloped);
  }

  const loop = (s: Session, status: string, run?: string, executing: string[] = []) =>
    emit(s, { type: "update_loop_status", loop_status: { status, active_run_ids: run ? [run] : [], executing_tool_call_ids: executing } });
  const device = (s: Session) =>
    emit(s, {
      type: "update_device_status",
      device_status: {
        current_permission_mode: s.mode, current_working_directory: s.cwd, is_processing: s.busy, letta_code_version: "0.29.6",
        pending_control_requests: s.pending ? [{ request_id: s.pending.requestId, request: s.pending.request }] : [],
      },
    });
  const queue = (s: Session) => emit(s, { type: "update_queue", queue: s.queue });
  const delta = (s: Session, run: string, d: Frame) =>
    emit(s, { type: "stream_delta", delta: { type: "message", date: new Date().toISOString(), run_id: run, ...d } });
  const lifecycle = (s: Session, d: Frame) =>
    emit(s, { type: "stream_delta", delta: { id: `lifecycle-${randomUUID()}`, date: new Date().toISOString(), ...d } });

  function replay(s: Session): void {
    if (s.pending) emit(s, s.pending.frame);
    device(s);
    loop(s, s.pending ? "WAITING_ON_APPROVAL" : s.busy ? "PROCESSING_API_RESPONSE" : "WAITING_ON_INPUT");
    queue(s);
  }

  async function say(s: Session, run: string, text: string): Promise<void> {
    const id = `message-${randomUUID()}`;
    for (let i = 0; i < text.length; i += 12) {
      delta(s, run, { message_type: "assistant_message", id, content: text.slice(i, i + 12) });
      await sleep(stepMs);
    }
  }

  async function endTurn(s: Session, run: string, text: string): Promise<void> {
    await say(s, run, text);
    delta(s, run, { message_type: "stop_reason", id: `stop-${run}`, stop_reason: "end_turn" });
    s.busy = false;
    loop(s, "WAITING_ON_INPUT");
    const next = s.queue.shift();
    if (next) {
      queue(s);
      quietly(() => startTurn(s, next.content, next.client_message_id));
    }
  }

  async function startTurn(s: Session, text: string, otid: string | null): Promise<void> {
    s.busy = true;
    const run = `run-${++s.runs}`;
    if (otid) delta(s, run, { message_type: "user_message", id: `user-msg-${randomUUID()}`, otid, content: text });
    loop(s, "PROCESSING_API_RESPONSE", run);
    await sleep(stepMs);
    if (!text.includes(APPROVE_DIRECTIVE)) return await endTurn(s, run, reply(text));
    const toolCallId = `toolu_legacy_${s.runs}`;
    const id = `message-${randomUUID()}`;
    for (const args of ['{"command":', '"echo hi"}']) {
      const call = { tool_call_id: toolCallId, name: "Bash", arguments: args };
      delta(s, run, { message_type: "approval_request_message", id, tool_call: call, tool_calls: [call] });
      await sleep(stepMs);
    }
    delta(s, run, { message_type: "stop_reason", id: `stop-${run}`, stop_reason: "requires_approval" });
    const request = { subtype: "can_use_tool", tool_name: "Bash", input: { command: "echo hi" }, tool_call_id: toolCallId, permission_suggestions: [], blocked_path: null };
    const requestId = `perm-${toolCallId}`;
    const frame = { type: "control_request", request_id: requestId, request, agent_id: s.runtime?.agent_id, conversation_id: s.runtime?.conversation_id };
    s.pending = { requestId, toolCallId, run, request, frame };
    loop(s, "WAITING_ON_APPROVAL", run);
    emit(s, frame);
    device(s);
  }

  async function resume(s: Session, decision: Frame | undefined, error: string | undefined): Promise<void> {
    const p = s.pending!;
    s.pending = undefined;
    const allow = decision?.behavior === "allow";
    device(s);
    if (allow) {
      loop(s, "EXECUTING_CLIENT_SIDE_TOOL", p.run, [p.toolCallId]);
      lifecycle(s, { message_type: "client_tool_start", tool_call_id: p.toolCallId, tool_name: "Bash", tool_args: '{"command":"echo hi"}' });
      await sleep(stepMs);
      lifecycle(s, { message_type: "client_tool_end", tool_call_id: p.toolCallId, status: "success" });
    }
    const ret = { tool_call_id: p.toolCallId, status: allow ? "success" : "error", tool_return: allow ? "hi\n" : (error ?? (str(decision?.message) || "Denied via WebSocket")) };
    delta(s, p.run, { message_type: "tool_return_message", id: `tool-return-${p.toolCallId}`, ...ret, tool_returns: [ret] });
    loop(s, "PROCESSING_API_RESPONSE", p.run);
    await endTurn(s, p.run, allow ? "The command printed hi." : "Understood, I did not run it.");
  }

  function onCommand(s: Session, raw: string): void {
    let cmd: Frame | undefined;
    try {
      cmd = obj(JSON.parse(raw));
    } catch {
      return; // unparseable: silence, like the real server (§2.4)
    }
    const requestId = str(cmd?.request_id);
    switch (cmd?.type) {
      case "app_server_info":
        if (!requestId) return;
        return send(s.control, {
          type: "app_server_info_response", request_id: requestId, success: true, backend: "api", letta_code_version: "0.29.6", protocol_version: 1,
          capabilities: { agent_management: true, conversation_management: true, runtime_start: true, split_channels: true },
        });
      case "runtime_start": {
        if (!requestId) return;
        const agentId = str(cmd.agent_id) ?? `agent-legacy-${randomUUID().slice(0, 8)}`;
        const conversationId = str(cmd.conversation_id) ?? "default";
        s.runtime = { agent_id: agentId, conversation_id: conversationId };
        s.mode = str(cmd.mode) ?? s.mode;
        s.cwd = str(cmd.cwd) ?? s.cwd;
        send(s.control, {
          type: "runtime_start_response", request_id: requestId, success: true, runtime: s.runtime,
          agent: { id: agentId, name: "legacy-agent" }, conversation: { id: conversationId }, created: { agent: !cmd.agent_id, conversation: false },
        });
        return replay(s);
      }
      case "conversation_messages_list":
        // Each legacy control session is a fresh runtime here, so there is no history to show.
        if (!requestId) return;
        return send(s.control, { type: "conversation_messages_list_response", request_id: requestId, success: true, messages: [], has_more: false });
      case "sync":
        if (!s.runtime) return;
        replay(s);
        if (requestId) send(s.control, { type: "sync_response", request_id: requestId, runtime: s.runtime, success: true });
        return;
      case "input": {
        const runtime = obj(cmd.runtime);
        const payload = obj(cmd.payload);
        if (typeof runtime?.agent_id !== "string" || typeof runtime.conversation_id !== "string" || !payload) return;
        s.runtime ??= { agent_id: runtime.agent_id, conversation_id: runtime.conversation_id };
        if (payload.kind === "approval_response") {
          if (!s.pending || payload.request_id !== s.pending.requestId) return;
          return quietly(() => resume(s, obj(payload.decision), str(payload.error)));
        }
        if (payload.kind !== "create_message" || !Array.isArray(payload.messages)) return;
        const first = obj(payload.messages[0]);
        const text = textOf(first?.content);
        const clientId = str(first?.client_message_id) ?? null;
        if (!s.busy) return quietly(() => startTurn(s, text, null));
        s.queue.push({ id: `q-${randomUUID().slice(0, 8)}`, client_message_id: clientId, kind: "message", source: "user", content: text });
        return queue(s);
      }
      default:
        return; // unknown or unsupported commands are dropped silently (§2.4)
    }
  }

  function attachStream(ws: WebSocket): void {
    stream = ws;
    ws.on("close", () => {
      if (stream !== ws) return;
      stream = undefined;
      // v0.29.0+: losing the stream socket kills the control socket too; the client re-pairs.
      control?.control.terminate();
    });
  }

  function onControl(ws: WebSocket): void {
    if (control) return ws.close(1008, "control channel already connected");
    const s: Session = { control: ws, alive: true, seq: 0, mode: "default", cwd: "/tmp/legacy-fake", runs: 0, busy: false, queue: [] };
    control = s;
    ws.on("message", (data) => quietly(() => onCommand(s, data.toString())));
    ws.on("close", () => {
      // Closing control stopped the runtime: turns abort, approvals and the queue are gone.
      s.alive = false;
      if (control === s) control = undefined;
    });
    const w = waiting;
    waiting = undefined;
    if (w) clearTimeout(w.timer);
    if (w) attachStream(w.ws);
  }

  function onStream(ws: WebSocket): void {
    if (stream) return ws.close(1008, "stream channel already connected");
    if (control) return attachStream(ws);
    if (waiting) return ws.close(1008, "stream channel already pending");
    const timer = setTimeout(() => {
      waiting = undefined;
      ws.close(1008, "control channel did not connect");
    }, opts.pairTimeoutMs ?? 5000);
    waiting = { ws, timer };
    ws.on("close", () => {
      if (waiting?.ws === ws) clearTimeout(waiting.timer);
      if (waiting?.ws === ws) waiting = undefined;
    });
  }

  const refuse = (socket: Socket, status: number, reason: string) =>
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);

  http.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname !== "/ws" && url.pathname !== "/") return refuse(socket, 404, "Not Found");
    if (req.headers.origin !== undefined) return refuse(socket, 403, "Forbidden"); // no auth configured (§1.4)
    const channel = url.searchParams.get("channel") || "control";
    if (channel !== "control" && channel !== "stream") return refuse(socket, 400, "Bad Request");
    wss.handleUpgrade(req, socket, head, (ws) => (channel === "control" ? onControl(ws) : onStream(ws)));
  });

  const port = await new Promise<number>((resolve) => http.listen(0, "127.0.0.1", () => resolve((http.address() as AddressInfo).port)));
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    connections: () => ({ control: control ? 1 : 0, stream: stream ? 1 : 0 }),
    close: async () => {
      if (waiting) clearTimeout(waiting.timer);
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
