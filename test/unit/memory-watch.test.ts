import { describe, expect, it } from "vitest";
import { MemoryWatch } from "../../src/controller/memoryWatch.js";
import type { CommandDraft } from "../../src/protocol/commands.js";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import { runtimeKey, type RuntimeScope } from "../../src/protocol/runtime.js";
import { allItems } from "../../src/store/archive.js";
import { createStore, type Store } from "../../src/store/store.js";
import { initialState } from "../../src/store/state.js";

// The controller side of the memory line: which frames make it ask for a commit's diff, what it
// asks, and what it puts in the store. The server is a function answering the two requests.

const A: RuntimeScope = { agent_id: "agent-a", conversation_id: "default" };
const DIFF = "diff --git a/system/human.md b/system/human.md\n--- a/system/human.md\n+++ b/system/human.md\n@@ -1 +1,2 @@\n x\n+Name: Ada\n";
const SHA = "0ddc70357649d9f62a865c0b3eb699a7a2e6dfed";

function known(f: Record<string, unknown>): KnownFrame {
  const parsed = parseFrame(JSON.stringify(f));
  if (parsed.kind !== "frame") throw new Error(`not a known frame: ${JSON.stringify(f)}`);
  return parsed.frame;
}

let seq = 0;
const enveloped = (f: Record<string, unknown>) => known({ ...f, runtime: A, event_seq: ++seq });

function setup(answer: (d: CommandDraft) => Record<string, unknown> = defaultAnswer) {
  const store: Store = createStore(initialState("ws://t"));
  const sent: CommandDraft[] = [];
  const watch = new MemoryWatch(store, async (draft) => {
    sent.push(draft);
    return known({ request_id: "x", ...answer(draft) });
  });
  const feed = (f: KnownFrame) => {
    store.dispatch({ type: "frame", parsed: { kind: "frame", frame: f } });
    watch.frame(f);
  };
  feed(known({ type: "runtime_start_response", request_id: "rs", success: true, runtime: A }));
  const memory = () => allItems(store.getState().runtimes[runtimeKey(A)]!.transcript).filter((i) => i.kind === "memory");
  const said = () => allItems(store.getState().runtimes[runtimeKey(A)]!.transcript).flatMap((i) => (i.kind === "notice" ? [i.text] : []));
  return { store, sent, feed, memory, said };
}

function defaultAnswer(d: CommandDraft): Record<string, unknown> {
  if (d.type === "memory_history") return { type: "memory_history_response", success: true, file_path: d.file_path, commits: [{ sha: SHA, message: "m" }] };
  if (d.type === "memory_commit_diff") return { type: "memory_commit_diff_response", success: true, sha: d.sha, diff: DIFF };
  throw new Error(`unexpected ${d.type}`);
}

/** A tool call that ran and returned `text`, as 0.32.18 streams it. */
function toolCall(feed: (f: KnownFrame) => void, id: string, name: string, text: string, status = "success") {
  feed(enveloped({ type: "stream_delta", delta: { message_type: "client_tool_start", tool_call_id: id, tool_name: name, tool_args: "{}" } }));
  feed(enveloped({ type: "stream_delta", delta: { message_type: "client_tool_end", tool_call_id: id, status } }));
  feed(enveloped({ type: "stream_delta", delta: { message_type: "tool_return_message", id: `synthetic-tool-return-${id}`, status, tool_call_id: id, tool_return: text, tool_returns: [{ tool_call_id: id, status, tool_return: text }] } }));
}

const settled = () => new Promise((r) => setImmediate(r));

describe("MemoryWatch", () => {
  it("the memory tool's result names its commit: its diff is read and becomes the line", async () => {
    const { sent, feed, memory } = setup();
    toolCall(feed, "c1", "memory", "Memory str_replace committed locally (0ddc703).");
    await settled();
    expect(sent).toEqual([{ type: "memory_commit_diff", agent_id: "agent-a", sha: "0ddc703" }]);
    expect(memory()).toMatchObject([{ path: "system/human.md", added: 1, removed: 0, sha: "0ddc703" }]);
  });

  it("memory_apply_patch's result too; the same commit reported again is read once", async () => {
    const { sent, feed, memory } = setup();
    toolCall(feed, "c1", "memory_apply_patch", "memory_apply_patch committed (0ddc703); harness will sync after the turn.");
    toolCall(feed, "c2", "memory_apply_patch", "memory_apply_patch committed (0ddc703); harness will sync after the turn.");
    await settled();
    expect(sent).toHaveLength(1);
    expect(memory()).toHaveLength(1);
  });

  it("another tool's words, a failed call, or a subagent's call ask nothing", async () => {
    const { sent, feed } = setup();
    toolCall(feed, "c1", "Bash", "committed locally (0ddc703)");
    toolCall(feed, "c2", "memory", "committed locally (0ddc703)", "error");
    feed(enveloped({ type: "stream_delta", subagent_id: "sub-1", delta: { message_type: "tool_return_message", id: "t3", status: "success", tool_call_id: "c3", tool_return: "Memory create committed locally (1234567)." } }));
    await settled();
    expect(sent).toEqual([]);
  });

  it("a memory_updated without an envelope (ours, or the tool's to one socket) adds no line", async () => {
    const { sent, feed } = setup();
    feed(known({ type: "memory_updated", affected_paths: ["system/human.md"], timestamp: 1 }));
    await settled();
    expect(sent).toEqual([]);
  });

  it("an enveloped memory_updated: each real path's last commit is read, '*' is not a path", async () => {
    const { sent, feed, memory } = setup();
    feed(enveloped({ type: "memory_updated", affected_paths: ["*", "system/human.md"], timestamp: 1 }));
    await settled();
    await settled();
    expect(sent).toEqual([
      { type: "memory_history", agent_id: "agent-a", file_path: "system/human.md", limit: 1 },
      { type: "memory_commit_diff", agent_id: "agent-a", sha: SHA },
    ]);
    expect(memory()).toHaveLength(1);
  });

  it("a diff the server cannot give is said, not lost silently", async () => {
    const { feed, said, memory } = setup((d) => ({ type: "memory_commit_diff_response", success: false, sha: d.type === "memory_commit_diff" ? d.sha : "", diff: null, error: "bad object" }));
    toolCall(feed, "c1", "memory", "Memory create committed locally (abcdef1).");
    await settled();
    expect(memory()).toEqual([]);
    expect(said()).toEqual([expect.stringContaining("abcdef1")]);
    expect(said()[0]).toContain("bad object");
  });
});
