// Proves the harness itself against the real Letta Code App Server with a raw socket, so a
// failure here points at the harness (install, launcher, scripted model), not at our client code.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import WebSocket from "ws";
import { startLettaServer, LETTA_MODEL, type LettaServer } from "../../scripts/harness/launch-server.mjs";
import { sleep, waitFor } from "../wait.js";

type Frame = { type?: string; request_id?: string; [k: string]: unknown };
type Delta = { message_type?: string; content?: unknown };

let server: LettaServer;
let ws: WebSocket;
const frames: Frame[] = [];
let runtime: unknown;
let seq = 0;

/** Resolves with the first frame at index >= `from` that matches; every request needs a timeout. */
function waitFrame(pred: (f: Frame) => boolean, from = 0, timeoutMs = 30_000): Promise<Frame> {
  return waitFor("a frame", () => frames.slice(from).find(pred), {
    timeoutMs,
    context: () => `frames seen: ${frames.slice(from).map((f) => f.type).join(", ")}\n--- server ---\n${server.logs()}`,
  });
}

/** Sends a command and returns the index from which its effects should be looked for. */
function send(frame: Frame): number {
  const mark = frames.length;
  ws.send(JSON.stringify(frame));
  return mark;
}

function sendMessage(text: string): { mark: number; requestId: string } {
  const requestId = `in-${++seq}`;
  const mark = send({
    type: "input",
    request_id: requestId,
    runtime,
    payload: { kind: "create_message", messages: [{ role: "user", content: text, client_message_id: `cm-${seq}` }] },
  });
  return { mark, requestId };
}

function deltaText(d: Delta): string {
  if (typeof d.content === "string") return d.content;
  if (Array.isArray(d.content)) return d.content.map((p: { text?: string }) => p?.text ?? "").join("");
  return "";
}

describe("harness: real Letta App Server + scripted model", () => {
  beforeAll(async () => {
    server = await startLettaServer();
    ws = new WebSocket(server.url);
    ws.on("message", (data) => frames.push(JSON.parse(String(data)) as Frame));
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
  }, 120_000);

  afterAll(async () => {
    ws?.close();
    await server?.stop();
  }, 120_000);

  it("reports the installed server version", async () => {
    const mark = send({ type: "app_server_info", request_id: "i1" });
    const info = await waitFrame((f) => f.request_id === "i1", mark);
    expect(info.type).toBe("app_server_info_response");
    expect(info.letta_code_version).toBe("0.32.18");
  });

  it("starts a runtime on the scripted model", async () => {
    const mark = send({
      type: "runtime_start",
      request_id: "rs-1",
      create_agent: { body: { name: "harness", model: LETTA_MODEL, memory_blocks: [] } },
      create_conversation: { body: {} },
      mode: "standard",
      cwd: server.workDir,
    });
    const res = await waitFrame((f) => f.request_id === "rs-1", mark, 60_000);
    expect(res.success, JSON.stringify(res.error)).toBe(true);
    expect(res.runtime).toMatchObject({ agent_id: expect.any(String), conversation_id: expect.any(String) });
    runtime = res.runtime;
  }, 120_000);

  it("streams a scripted text reply and finishes the turn", async () => {
    const { mark, requestId } = sendMessage("hi [[text:hello there]]");
    const ack = await waitFrame((f) => f.request_id === requestId, mark);
    expect(ack).toMatchObject({ type: "input_accepted", accepted: true });
    await waitFrame((f) => f.type === "turn_finished", mark);
    const text = frames
      .slice(mark)
      .filter((f) => f.type === "stream_delta" && (f.delta as Delta)?.message_type === "assistant_message")
      .map((f) => deltaText(f.delta as Delta))
      .join("");
    expect(text).toBe("hello there");
    expect(server.model.requests.length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("asks for approval before a writing Bash command, and a deny reaches the model", async () => {
    // 0.32.18 race: an input sent within ~20 ms of turn_finished starts a turn whose approvals
    // are never registered as pending (answers get "no longer pending"). Let the server settle.
    await sleep(300);
    const { mark } = sendMessage("[[bash:echo x > f.txt]]");
    const req = await waitFrame((f) => f.type === "control_request", mark);
    const request = req.request as { tool_name?: string; input?: { command?: string } };
    expect(request.tool_name).toBe("Bash");
    expect(request.input?.command).toBe("echo x > f.txt");
    expect(req.request_id).toMatch(/^perm-call_fake_\d+_0$/);

    const answer = send({
      type: "input",
      request_id: "ap-1",
      runtime,
      payload: { kind: "approval_response", request_id: req.request_id, decision: { behavior: "deny", message: "not in tests" } },
    });
    expect(await waitFrame((f) => f.request_id === "ap-1", answer)).toMatchObject({ accepted: true });
    await waitFrame((f) => f.type === "turn_finished", answer);
    const last = server.model.requests.at(-1) as { messages: Array<{ role: string; content: unknown }> };
    expect(last.messages.at(-1)).toMatchObject({ role: "tool", content: "not in tests" });
  }, 60_000);
});
