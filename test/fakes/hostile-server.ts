import type { WebSocket } from "ws";
import { startFakeAppServer } from "./fake-app-server.js";

// An App Server impostor that speaks just enough of the protocol to attach, then answers every
// message with frames the real server would never send: not JSON, wrong types, unknown types,
// a 5 MB frame, a binary frame, and optionally one frame over our 16 MiB limit. The real
// server cannot be made to misbehave like this, which is the only reason this file exists.

export const HOSTILE_REPLY = "survived";

export interface HostileServer {
  url: string;
  connections(): number;
  /** Sockets accepted since the start: more than one means the client had to reconnect. */
  accepted(): number;
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

/** JSON text nested `depth` levels deep, built as text: JSON.stringify overflows the stack on it. */
const nested = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

// Frames nested 5 000 levels deep (~30 KB each): an unknown delta, tool arguments, a notice.
function deepFrames(ws: WebSocket): void {
  const env = JSON.stringify(envelope()).slice(1, -1);
  ws.send(`{"type":"stream_delta",${env},"delta":{"message_type":"nested_thing","x":${nested(5000)}}}`);
  const args = JSON.stringify(`{"deep":${nested(5000)}}`);
  ws.send(`{"type":"stream_delta",${JSON.stringify(envelope()).slice(1, -1)},"delta":{"message_type":"tool_call_message","id":"tc-deep","tool_call":{"tool_call_id":"deep-call","name":"mystery_tool","arguments":${args}}}}`);
  ws.send(JSON.stringify({ type: "stream_delta", delta: { message_type: "assistant_message", id: "m-deep", content: HOSTILE_REPLY }, ...envelope() }));
  ws.send(JSON.stringify({ type: "turn_finished", stop_reason: "end_turn", ...envelope() }));
}

/** One 10 MB assistant delta (lines of words, starting with HUGE_START), then the end of the turn. */
export const HUGE_START = "HUGE-REPLY-START";
function hugeReply(ws: WebSocket): void {
  const line = `${"word ".repeat(15)}\n`;
  const content = HUGE_START + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
  ws.send(JSON.stringify({ type: "stream_delta", delta: { message_type: "assistant_message", id: "m-huge", content }, ...envelope() }));
  ws.send(JSON.stringify({ type: "turn_finished", stop_reason: "end_turn", ...envelope() }));
}

export async function startHostileServer(): Promise<HostileServer> {
  let accepted = 0;
  const fake = await startFakeAppServer(
    (cmd, ws) => {
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
          if (text.includes("[[deep]]")) return deepFrames(ws);
          if (text.includes("[[10mb]]")) return hugeReply(ws);
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
    },
    { maxPayload: 64 * 1024 * 1024, onConnection: () => void accepted++ },
  );
  return {
    url: fake.url,
    connections: () => fake.wss.clients.size,
    accepted: () => accepted,
    close: fake.close,
  };
}
