import { startFakeAppServer } from "./fake-app-server.js";

// An App Server impostor whose agent has memory turned off: list_memory answers
// memfs_enabled:false until enable_memfs, then lists the files 0.32.18 seeds. The real server
// cannot be made to say this: with the local backend (the only one offline) 0.32.18 enables
// memory for every agent by itself (isMemfsEnabledOnServer), which is why this file exists.
// Only what the memory view and attaching need is spoken; the answers are shaped as 0.32.18's.

export interface MemorylessServer {
  url: string;
  /** enable_memfs commands received. */
  enabled(): number;
  close(): Promise<void>;
}

const runtime = { agent_id: "agent-memoryless", conversation_id: "conv-memoryless" };
const SEEDED = [
  { relative_path: "system/human.md", is_system: true, description: "What I know of the person I work with.", content: "Nothing yet.\n", size: 13, kind: "markdown", mime_type: "text/markdown" },
  { relative_path: "system/persona.md", is_system: true, description: "Who I am.", content: "Steady company.\n", size: 16, kind: "markdown", mime_type: "text/markdown" },
];

export async function startMemorylessServer(): Promise<MemorylessServer> {
  let enabled = 0;
  let seq = 0;
  const fake = await startFakeAppServer((cmd, ws) => {
    const send = (frame: Record<string, unknown>) => ws.send(JSON.stringify(frame));
    const idle = () => send({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" }, runtime, event_seq: ++seq, emitted_at: new Date().toISOString(), idempotency_key: `m:${seq}` });
    const request_id = cmd.request_id;
    switch (cmd.type) {
      case "app_server_info":
        return send({ type: "app_server_info_response", request_id, success: true, letta_code_version: "0.32.18", capabilities: {} });
      case "runtime_start":
        send({ type: "runtime_start_response", request_id, success: true, runtime, agent: { id: runtime.agent_id, name: "memoryless" } });
        return idle();
      case "sync":
        idle();
        return send({ type: "sync_response", request_id, runtime, success: true });
      case "conversation_messages_list":
        return send({ type: "conversation_messages_list_response", request_id, success: true, messages: [] });
      case "list_memory":
        return enabled > 0
          ? send({ type: "list_memory_response", request_id, entries: SEEDED, done: true, total: SEEDED.length, success: true, memfs_enabled: true, memfs_initialized: true })
          : send({ type: "list_memory_response", request_id, entries: [], done: true, total: 0, success: true, memfs_enabled: false, memfs_initialized: false });
      case "enable_memfs":
        enabled++;
        send({ type: "enable_memfs_response", request_id, success: true, memory_directory: `/home/me/.letta/memfs/${runtime.agent_id}/memory` });
        return send({ type: "memory_updated", affected_paths: ["*"], timestamp: Date.now() });
      default:
        return;
    }
  });
  return { url: fake.url, enabled: () => enabled, close: fake.close };
}
