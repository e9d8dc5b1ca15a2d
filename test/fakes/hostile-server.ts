import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

// An App Server impostor that speaks just enough of the protocol to attach, then answers every
// message with frames the real server would never send: not JSON, wrong types, unknown types,
// a 5 MB frame, a binary frame, and optionally one frame over our 16 MiB limit. The real
// server cannot be made to misbehave like this, which is the only reason this file exists.

export const HOSTILE_REPLY = "survived";

export interface HostileServer {
  url: string;
  connections(): number;
  close(): Promise<void>;
}

const runtime = { agent_id: "agent-hostile", conversation_id: "conv-hostile" };
let seq = 0;
const envelope = () => ({ runtime, event_seq: ++seq, emitted_at: new Date().toISOString(), idempotency_key: `x:${seq}` });

function barrage(ws: WebSocket, huge: boolean): void {
  const frames: (string | Buffer)[] = [
    "this is not json",
    "[1,2,3]",
    "null",
    JSON.stringify({ type: 42 }),
    JSON.stringify({ no_type: true }),
    JSON.stringify({ type: "hologram_projection", beam: "on" }),
    JSON.stringify({ type: "control_request", request_id: 7, request: "nope", ...envelope() }),
    JSON.stringify({ type: "stream_delta", delta: "oops", ...envelope() }),
    JSON.stringify({ type: "stream_delta", delta: { message_type: "quantum_message", id: "q" }, ...envelope() }),
    JSON.stringify({ type: "update_loop_status", loop_status: { status: 5 }, ...envelope() }),
    JSON.stringify({ type: "mega_frame", padding: "x".repeat(5 * 1024 * 1024) }),
    Buffer.from([0, 1, 2, 3]),
    JSON.stringify({
      type: "stream_delta",
      delta: { type: "message", message_type: "assistant_message", id: "m-ok", content: [{ type: "text", text: HOSTILE_REPLY }] },
      ...envelope(),
    }),
    JSON.stringify({ type: "turn_finished", stop_reason: "end_turn", ...envelope() }),
  ];
  for (const f of frames) ws.send(f);
  // ws refuses to receive more than maxPayload: the client must drop the socket and recover.
  if (huge) ws.send(JSON.stringify({ type: "too_big", padding: "y".repeat(17 * 1024 * 1024) }));
}

export async function startHostileServer(): Promise<HostileServer> {
  const server = createServer();
  const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 * 1024 });
  wss.on("connection", (ws) => {
    ws.on("message", (data) => {
      let cmd: Record<string, unknown>;
      try {
        cmd = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      const request_id = cmd.request_id;
      switch (cmd.type) {
        case "app_server_info":
          return ws.send(JSON.stringify({ type: "app_server_info_response", request_id, success: true, letta_code_version: "0.32.18", capabilities: {} }));
        case "runtime_start":
          ws.send(JSON.stringify({ type: "runtime_start_response", request_id, success: true, runtime }));
          return ws.send(JSON.stringify({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" }, ...envelope() }));
        case "sync":
          ws.send(JSON.stringify({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" }, ...envelope() }));
          return ws.send(JSON.stringify({ type: "sync_response", request_id, runtime, success: true }));
        case "conversation_messages_list":
          return ws.send(JSON.stringify({ type: "conversation_messages_list_response", request_id, success: true, messages: [] }));
        case "input": {
          ws.send(JSON.stringify({ type: "input_accepted", request_id, runtime, accepted: true, disposition: "started" }));
          const text = JSON.stringify(cmd.payload ?? "");
          if (text.includes("[[gap]]")) {
            // Frames 'lost' between here and the next one: the client must ask for a sync.
            seq += 5;
            return ws.send(JSON.stringify({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" }, ...envelope() }));
          }
          return barrage(ws, text.includes("[[huge]]"));
        }
        default:
          return;
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    connections: () => wss.clients.size,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
