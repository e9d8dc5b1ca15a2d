import type { CommandDraft } from "../protocol/commands.js";
import { parseDelta } from "../protocol/deltas.js";
import type { FrameType, KnownFrame } from "../protocol/frames.js";
import { runtimeKey, type RuntimeScope } from "../protocol/runtime.js";
import type { Store } from "../store/store.js";
import { getItem } from "../store/transcript.js";

// Which commit changed the agent's memory during a turn, and its diff, for the transcript line
// (store/memoryChanges.ts). What 0.32.18 says about a change (docs/PROTOCOL.md §4.8, memory):
// - the memory tool's own result: "Memory str_replace committed locally (0ddc703).", in the
//   runtime's stream: exact (the commit, the runtime), and seen by every subscriber;
// - memory_updated {affected_paths}: sent without an envelope by the memory tool to ONE socket
//   (with two clients attached, it reached neither in our probe) and by our own memory commands
//   to the socket that sent them. Without an envelope it names no agent, and a change made from
//   the memory view is said by the view: such a frame adds no line here. An enveloped one (a
//   subagent's memory work; a later server) names its runtime: its paths' last commits are read.

type Request = (draft: CommandDraft, expect: FrameType) => Promise<KnownFrame>;

/** The short sha in a memory tool's result (memory, memory_apply_patch; local or synced). */
const COMMITTED = /\bcommitted(?: locally)? \(([0-9a-f]{7,40})\)/;
/** Commits asked for, remembered so a replayed frame does not ask again; a few suffice. */
const SEEN_LIMIT = 256;

export class MemoryWatch {
  private readonly seen = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly request: Request,
  ) {}

  /** Every frame, after the store took it (the tool row it names is in the store by then). */
  frame(frame: KnownFrame): void {
    if (frame.type === "stream_delta") this.toolReturn(frame);
    else if (frame.type === "memory_updated" && frame.runtime) this.updated(frame.runtime, frame.affected_paths ?? []);
  }

  private toolReturn(frame: Extract<KnownFrame, { type: "stream_delta" }>): void {
    // A subagent's deltas stay under its Task row; its memory work reports by memory_updated.
    if (frame.subagent_id || (frame.delta as { message_type?: unknown } | null)?.message_type !== "tool_return_message") return;
    const d = parseDelta(frame.delta);
    if (d.message_type !== "tool_return_message" || (d.id ?? "").startsWith("synthetic-tool-return-stream-")) return;
    const rt = this.store.getState().runtimes[runtimeKey(frame.runtime)];
    if (!rt) return;
    const returns = d.tool_returns?.length ? d.tool_returns : [{ tool_call_id: d.tool_call_id ?? "", status: d.status, tool_return: d.tool_return }];
    for (const r of returns) {
      if (r.status !== "success" || typeof r.tool_return !== "string") continue;
      const sha = COMMITTED.exec(r.tool_return)?.[1];
      if (sha && getItem(rt, `tool:${r.tool_call_id}`, "tool")?.name.startsWith("memory")) void this.show(frame.runtime, sha);
    }
  }

  /** An enveloped memory_updated: each real path's last commit ("*" says only "something"). */
  private updated(scope: RuntimeScope, paths: readonly string[]): void {
    const agent = scope.agent_id;
    if (!agent || !this.store.getState().runtimes[runtimeKey(scope)]) return;
    for (const path of paths) {
      if (path === "*" || !path) continue;
      void this.request({ type: "memory_history", agent_id: agent, file_path: path, limit: 1 }, "memory_history_response")
        .then((res) => {
          const sha = res.type === "memory_history_response" && res.success !== false ? res.commits[0]?.sha : undefined;
          if (sha) return this.show(scope, sha);
        })
        .catch((err: unknown) => this.warn(scope, `memory: ${path} changed, but its history could not be read: ${messageOf(err)}`));
    }
  }

  /** Read the commit's diff and put its lines in the transcript; each commit once. */
  private async show(scope: RuntimeScope, sha: string): Promise<void> {
    const agent = scope.agent_id;
    const key = `${agent}\n${sha.slice(0, 7)}`;
    if (!agent || this.seen.has(key)) return;
    this.seen.add(key);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
    try {
      const res = await this.request({ type: "memory_commit_diff", agent_id: agent, sha }, "memory_commit_diff_response");
      if (res.type !== "memory_commit_diff_response") return;
      if (res.success === false || typeof res.diff !== "string") {
        this.warn(scope, `memory: commit ${sha.slice(0, 7)} changed the agent's memory, but its diff could not be read: ${res.error ?? "no diff"}`);
        return;
      }
      this.store.dispatch({ type: "memory_change", scope, sha, diff: res.diff });
    } catch (err) {
      this.warn(scope, `memory: commit ${sha.slice(0, 7)} changed the agent's memory, but its diff could not be read: ${messageOf(err)}`);
    }
  }

  private warn(scope: RuntimeScope, text: string): void {
    this.store.dispatch({ type: "notice", scope, level: "warning", text });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
