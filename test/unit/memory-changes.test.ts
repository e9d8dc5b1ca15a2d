import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import type { RuntimeScope } from "../../src/protocol/runtime.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import { allItems } from "../../src/store/archive.js";
import type { StoreEvent } from "../../src/store/events.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState, type AppState, type TranscriptItem } from "../../src/store/state.js";

// The memory change in the transcript (issue 15): a memory_change event (the controller read the
// commit's diff) becomes one line per file under its runtime; an agent write into the memory
// folder, and the memory tool's refusal that follows, are explained.

const A: RuntimeScope = { agent_id: "agent-a", conversation_id: "default" };
const B: RuntimeScope = { agent_id: "agent-b", conversation_id: "conv-b" };
const MEMDIR = "/home/u/.letta/lc-local-backend/memfs/agent-a/memory";
const DIFF = [
  "diff --git a/system/human.md b/system/human.md",
  "index cbbfb4f..f8dc51f 100644",
  "--- a/system/human.md",
  "+++ b/system/human.md",
  "@@ -2,3 +2,5 @@",
  " Learn sideways.",
  "+Name: Ada",
  "+Likes: tea",
  "-Old line",
  "diff --git a/notes/a.md b/notes/b.md",
  "similarity index 100%",
  "rename from notes/a.md",
  "rename to notes/b.md",
  "",
].join("\n");

const frame = (f: Record<string, unknown>): StoreEvent => ({ type: "frame", parsed: parseFrame(JSON.stringify(f)) });
const started = (runtime: RuntimeScope): StoreEvent => frame({ type: "runtime_start_response", request_id: `rs-${runtime.agent_id}`, success: true, runtime });
let seq = 0;
const enveloped = (runtime: RuntimeScope, f: Record<string, unknown>): StoreEvent => frame({ ...f, runtime, event_seq: ++seq, emitted_at: "2026-12-07T00:00:00.000Z" });
const loop = (runtime: RuntimeScope, status: string) => enveloped(runtime, { type: "update_loop_status", loop_status: { status, active_run_ids: [] } });
const delta = (runtime: RuntimeScope, d: Record<string, unknown>) => enveloped(runtime, { type: "stream_delta", delta: d });
const device = (runtime: RuntimeScope) =>
  enveloped(runtime, { type: "update_device_status", device_status: { current_permission_mode: "standard", memory_directory: MEMDIR } });

const run = (events: StoreEvent[], from: AppState = initialState("ws://t")) => events.reduce(reduce, from);
const itemsOf = (s: AppState, scope: RuntimeScope): TranscriptItem[] => allItems(s.runtimes[runtimeKey(scope)]!.transcript);
const memoryItems = (s: AppState, scope: RuntimeScope) => itemsOf(s, scope).filter((i) => i.kind === "memory");
const notices = (s: AppState, scope: RuntimeScope) => itemsOf(s, scope).flatMap((i) => (i.kind === "notice" ? [i.text] : []));
const change: StoreEvent = { type: "memory_change", scope: A, sha: "0ddc70357649d9f62a865c0b3eb699a7a2e6dfed", diff: DIFF };

describe("memory_change", () => {
  it("adds one line per file of the commit, with its counts, under the runtime it names", () => {
    const s = run([started(A), started(B), change]);
    expect(memoryItems(s, A)).toMatchObject([
      { kind: "memory", path: "system/human.md", change: "changed", added: 2, removed: 1, sha: change.type === "memory_change" ? change.sha : "" },
      { kind: "memory", path: "notes/b.md", change: "renamed", from: "notes/a.md", added: 0, removed: 0 },
    ]);
    expect(memoryItems(s, A)[0]).toMatchObject({ diff: expect.stringContaining("+Name: Ada") });
    expect(memoryItems(s, B)).toEqual([]);
    // An open memory view refreshes on it: the server's own memory_updated may have gone to another socket.
    expect(s.broadcasts?.memory_updated).toBe(1);
  });

  it("the same commit again (short sha or full) changes nothing", () => {
    const once = run([started(A), change]);
    const twice = reduce(once, change);
    expect(twice).toBe(once);
    const short = reduce(once, { type: "memory_change", scope: A, sha: "0ddc703", diff: DIFF });
    expect(memoryItems(short, A)).toHaveLength(2);
  });

  it("stays open while the turn runs (Ctrl+O can still open it) and closes with the turn", () => {
    const during = run([started(A), loop(A, "EXECUTING_CLIENT_SIDE_TOOL"), change]);
    expect(memoryItems(during, A).every((i) => !i.done)).toBe(true);
    const after = reduce(during, enveloped(A, { type: "turn_finished", stop_reason: "end_turn", run_id: "r1" }));
    expect(memoryItems(after, A).every((i) => i.done)).toBe(true);
    const idle = run([started(A), loop(A, "WAITING_ON_INPUT"), change]);
    expect(memoryItems(idle, A).every((i) => i.done)).toBe(true);
  });

  it("does not end a reply that is still streaming (it is a note beside the turn, not its next message)", () => {
    const s = run([
      started(A),
      loop(A, "PROCESSING_API_RESPONSE"),
      delta(A, { message_type: "assistant_message", id: "m1", content: "Tool finished. " }),
      change,
      delta(A, { message_type: "assistant_message", id: "m1", content: "Result: ok" }),
    ]);
    const reply = itemsOf(s, A).find((i) => i.kind === "assistant");
    expect(reply).toMatchObject({ text: "Tool finished. Result: ok" });
  });

  it("a huge diff is kept cut, saying so; its counts are the whole commit's", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `+line ${i}`);
    const huge = ["diff --git a/big.md b/big.md", "--- a/big.md", "+++ b/big.md", "@@ -0,0 +1,20000 @@", ...lines, ""].join("\n");
    const [item] = memoryItems(run([started(A), { type: "memory_change", scope: A, sha: "abc1234", diff: huge }]), A);
    expect(item).toMatchObject({ added: 20_000, removed: 0 });
    const diff = item?.kind === "memory" ? item.diff : "";
    expect(diff.length).toBeLessThan(70 * 1024);
    expect(diff).toMatch(/\n\+line \d+\n… \d+ KB more of this diff not kept$/);
  });

  it("a diff with no file in it adds nothing", () => {
    const s = run([started(A), { type: "memory_change", scope: A, sha: "abc1234", diff: "" }]);
    expect(memoryItems(s, A)).toEqual([]);
  });
});

describe("a dirty memory repository, explained", () => {
  it("an agent's write into the memory folder (file_ops) says what happened and what to do", () => {
    const s = run([started(A), device(A), enveloped(A, { type: "file_ops", path: `${MEMDIR}/x.md`, source: "agent", document_content: "dirty" })]);
    const [text] = notices(s, A);
    expect(text).toContain("x.md");
    expect(text).toContain("not committed");
    expect(text).toContain("memory tool refuses every change");
    expect(text).toContain(`cd '${MEMDIR}' && git add -A && git commit`);
  });

  it("a write elsewhere (or before the memory folder is known) says nothing", () => {
    const s = run([started(A), device(A), enveloped(A, { type: "file_ops", path: "/work/notes.md", source: "agent" })]);
    expect(notices(s, A)).toEqual([]);
    const unknown = run([started(A), enveloped(A, { type: "file_ops", path: `${MEMDIR}/x.md`, source: "agent" })]);
    expect(notices(unknown, A)).toEqual([]);
    // A folder that merely starts the same is not the memory folder.
    const sibling = run([started(A), device(A), enveloped(A, { type: "file_ops", path: `${MEMDIR}-old/x.md`, source: "agent" })]);
    expect(notices(sibling, A)).toEqual([]);
  });

  it("the memory tool's refusal for uncommitted changes is explained once per refused call", () => {
    const refusal = "Memory repo has uncommitted changes. Commit, discard, or sync them before using memory tools.";
    const s = run([
      started(A),
      device(A),
      delta(A, { message_type: "client_tool_start", tool_call_id: "c1", tool_name: "memory", tool_args: "{}" }),
      delta(A, { message_type: "client_tool_end", tool_call_id: "c1", status: "error" }),
      delta(A, { message_type: "tool_return_message", id: "tr1", status: "error", tool_call_id: "c1", tool_return: refusal, tool_returns: [{ tool_call_id: "c1", status: "error", tool_return: refusal }] }),
    ]);
    const said = notices(s, A);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("uncommitted changes");
    expect(said[0]).toContain(`cd '${MEMDIR}' && git add -A`);
  });

  it("another tool's error that mentions uncommitted changes (git in Bash) is not about memory", () => {
    const text = "error: Your local changes would be overwritten; uncommitted changes";
    const s = run([
      started(A),
      delta(A, { message_type: "client_tool_start", tool_call_id: "c2", tool_name: "Bash", tool_args: "{}" }),
      delta(A, { message_type: "tool_return_message", id: "tr2", status: "error", tool_call_id: "c2", tool_return: text, tool_returns: [{ tool_call_id: "c2", status: "error", tool_return: text }] }),
    ]);
    expect(notices(s, A)).toEqual([]);
  });
});
