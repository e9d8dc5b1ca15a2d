// An App Server impostor for the flood benchmarks: it attaches like 0.32.18 (app_server_info,
// runtime_start, sync, an empty history), then sends what `flood()` or `huge()` asks for as fast
// as the socket takes it. The real server cannot be made to stream 200 000 deltas in seconds,
// which is the only reason this file exists. Plain JS so that bench scripts run it without a build.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const runtime = { agent_id: "agent-flood", conversation_id: "conv-flood" };

export async function startFloodServer() {
  const server = createServer();
  const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 * 1024 });
  let seq = 0;
  let connections = 0;
  let attached = null;
  let onAttached = () => undefined;
  const envelope = () => ({ runtime, event_seq: ++seq, emitted_at: new Date().toISOString() });
  const send = (ws, frame) => ws.send(JSON.stringify(frame));
  wss.on("connection", (ws) => {
    connections++;
    seq = 0;
    ws.on("message", (data) => {
      let cmd;
      try {
        cmd = JSON.parse(String(data));
      } catch {
        return;
      }
      const request_id = cmd.request_id;
      switch (cmd.type) {
        case "app_server_info":
          return send(ws, { type: "app_server_info_response", request_id, success: true, letta_code_version: "0.32.18", capabilities: {} });
        case "runtime_start":
          send(ws, { type: "runtime_start_response", request_id, success: true, runtime, agent: { id: runtime.agent_id, name: "flood" } });
          send(ws, { type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" }, ...envelope() });
          attached = ws;
          return onAttached();
        case "sync":
          send(ws, { type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" }, ...envelope() });
          return send(ws, { type: "sync_response", request_id, runtime, success: true });
        case "conversation_messages_list":
          return send(ws, { type: "conversation_messages_list_response", request_id, success: true, messages: [] });
        default:
          return undefined;
      }
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();

  /** Resolves once `ws.send` has handed everything to the kernel, so the sender never buffers. */
  const drained = (ws) =>
    new Promise((r) => {
      const check = () => (ws.bufferedAmount < 1 << 20 ? r() : setTimeout(check, 1));
      check();
    });

  return {
    url: `ws://127.0.0.1:${port}/ws`,
    connections: () => connections,
    attached: () => (attached ? Promise.resolve() : new Promise((r) => (onAttached = r))),
    /** `count` assistant deltas of one reply, `perMs` at a time; resolves when all are sent. */
    async flood(count, { id = `flood-${Date.now()}`, chunk = (i) => `tick ${i} ` } = {}) {
      const ws = attached;
      for (let i = 0; i < count; i++) {
        send(ws, { type: "stream_delta", delta: { type: "message", message_type: "assistant_message", id, content: chunk(i) }, ...envelope() });
        if (i % 500 === 499) await drained(ws);
      }
      send(ws, { type: "turn_finished", stop_reason: "end_turn", ...envelope() });
      await drained(ws);
    },
    /**
     * `count` deltas of one reply at `perSecond` (sent in small batches on a schedule, so the
     * rate holds on average), then the end of the turn. Resolves to each delta's send time
     * (Date.now()), by index, for the lag from the socket to the screen.
     */
    async paced(count, perSecond, { id = `paced-${Date.now()}`, chunk = (i) => `n${i} ` } = {}) {
      const ws = attached;
      const sentAt = new Float64Array(count);
      const t0 = Date.now();
      let i = 0;
      while (i < count) {
        const due = Math.min(count, Math.floor(((Date.now() - t0) * perSecond) / 1000) + 1);
        const now = Date.now();
        for (; i < due; i++) {
          send(ws, { type: "stream_delta", delta: { type: "message", message_type: "assistant_message", id, content: chunk(i) }, ...envelope() });
          sentAt[i] = now;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      send(ws, { type: "turn_finished", stop_reason: "end_turn", ...envelope() });
      await drained(ws);
      return sentAt;
    },
    /** One assistant delta of `bytes` characters (lines of words), then the end of the turn. */
    async huge(bytes, id = `huge-${Date.now()}`) {
      const ws = attached;
      const line = `${"word ".repeat(15)}\n`;
      const text = line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
      send(ws, { type: "stream_delta", delta: { type: "message", message_type: "assistant_message", id, content: text }, ...envelope() });
      send(ws, { type: "turn_finished", stop_reason: "end_turn", ...envelope() });
      await drained(ws);
    },
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(() => r()));
      await new Promise((r) => server.close(() => r()));
    },
  };
}
