import { describe, expect, it } from "vitest";
import { KnownFrameSchema, type KnownFrame } from "../../src/protocol/frames.js";
import { parseDelta } from "../../src/protocol/deltas.js";
import { parseFrame } from "../../src/protocol/parse.js";

// One representative frame per server frame type, taken from PROTOCOL.md's examples where it
// has one (§3, §4, §5.2) and from the 0.32.18 field lists otherwise.

const runtime = { agent_id: "agent-123", conversation_id: "conv-456" };
const env = (type: string, seq: number) => ({
  runtime,
  event_seq: seq,
  emitted_at: "2026-08-10T12:00:00.000Z",
  idempotency_key: `${type}:${seq}:1f0c5a6e`,
});

const SAMPLES: Record<string, Record<string, unknown>> = {
  app_server_info_response: {
    type: "app_server_info_response", request_id: "info-1", success: true, backend: "api", letta_code_version: "0.32.18",
    protocol_version: 1, capabilities: { agent_management: true, runtime_start: true, split_channels: false },
  },
  runtime_start_response: {
    type: "runtime_start_response", request_id: "rs-1", success: true, runtime, agent: { id: "agent-123", name: "a" },
    conversation: { id: "conv-456" }, created: { agent: false, conversation: false },
  },
  input_accepted: { type: "input_accepted", request_id: "in-7", runtime, accepted: true, disposition: "started" },
  sync_response: { type: "sync_response", request_id: "sync-3", runtime, success: true },
  abort_message_response: { type: "abort_message_response", request_id: "ab-1", runtime, aborted: true, success: true },
  resume_queue_response: { type: "resume_queue_response", request_id: "rq-1", runtime, resumed: 2, success: true },
  remove_queue_item_response: { type: "remove_queue_item_response", request_id: "rm-1", success: true, item_id: "q-7" },
  list_models_response: {
    type: "list_models_response", request_id: "lm-1", success: true,
    entries: [{ id: "sonnet", handle: "anthropic/claude-sonnet-4-6", label: "Sonnet", description: "d", isDefault: true, isFeatured: true, updateArgs: {} }],
    available_handles: ["anthropic/claude-sonnet-4-6"], byok_provider_aliases: { "lc-anthropic": "anthropic" },
  },
  update_model_response: {
    type: "update_model_response", request_id: "um-1", success: true, runtime, applied_to: "conversation",
    model_id: "sonnet", model_handle: "anthropic/claude-sonnet-4-6", model_settings: {},
  },
  update_toolset_response: {
    type: "update_toolset_response", request_id: "ut-1", success: true, runtime, current_toolset: "default", current_toolset_preference: "auto",
  },
  conversation_list_response: { type: "conversation_list_response", request_id: "cl-1", success: true, conversations: [{ id: "conv-1", summary: "Fix lint" }] },
  conversation_retrieve_response: { type: "conversation_retrieve_response", request_id: "cr-1", success: true, conversation: { id: "conv-1" } },
  conversation_create_response: { type: "conversation_create_response", request_id: "cc-1", success: true, conversation: { id: "conv-2", agent_id: "agent-123" } },
  conversation_update_response: { type: "conversation_update_response", request_id: "cu-1", success: true, conversation: { id: "conv-2", summary: "Title" } },
  conversation_fork_response: { type: "conversation_fork_response", request_id: "cf-1", success: true, conversation: { id: "conv-3" } },
  conversation_compact_response: { type: "conversation_compact_response", request_id: "cp-1", success: true, compaction: { summary: "s" } },
  conversation_messages_list_response: {
    type: "conversation_messages_list_response", request_id: "ml-1", success: true, next_before: "message-1", has_more: true,
    messages: [
      { id: "message-3", date: "2026-08-10T12:00:02Z", message_type: "assistant_message", content: [{ type: "text", text: "Done." }] },
      { id: "message-2", message_type: "tool_return_message", tool_returns: [{ tool_call_id: "toolu_01", status: "success", tool_return: "ok", stdout: ["ok"] }] },
      { id: "message-1b", message_type: "approval_request_message", tool_calls: [{ tool_call_id: "toolu_01", name: "Bash", arguments: "{}" }] },
      { id: "message-1", message_type: "user_message", otid: "cm-01", content: [{ type: "text", text: "Run the tests" }, { type: "image", source: { type: "base64" } }] },
    ],
  },
  conversation_messages_list_response_failure: {
    type: "conversation_messages_list_response", request_id: "ml-2", success: false, messages: [], next_before: null, has_more: false, error: "nope",
  },
  agent_list_response: { type: "agent_list_response", request_id: "al-1", success: true, agents: [{ id: "agent-1", name: "a" }] },
  agent_retrieve_response: { type: "agent_retrieve_response", request_id: "ar-1", success: true, agent: { id: "agent-1" } },
  agent_update_response: { type: "agent_update_response", request_id: "au-1", success: false, agent: null, error: "nope" },
  // As 0.32.18's listener sends them (create_agent answers with the id, not the AgentState).
  create_agent_response: { type: "create_agent_response", request_id: "ca-1", success: true, agent_id: "agent-9", name: "Letta Code", model: "llama.cpp/fake-model" },
  agent_create_response: { type: "agent_create_response", request_id: "ac-1", success: true, agent: { id: "agent-9", name: "n" } },
  agent_delete_response: { type: "agent_delete_response", request_id: "ad-1", success: true, agent_id: "agent-9" },
  list_in_directory_response: { type: "list_in_directory_response", request_id: "ld-1", path: "/w", folders: ["src"], hasMore: false, total: 1, success: true },
  execute_command_response: { type: "execute_command_response", request_id: "x1", success: true, output: "Compacted." },
  get_cwd_map_response: {
    type: "get_cwd_map_response", request_id: "g1", success: true, cwd_map: { "conversation:conv-456": "/srv" }, boot_working_directory: "/home",
  },
  set_boot_working_directory_response: {
    type: "set_boot_working_directory_response", request_id: "s1", success: true, boot_working_directory: "/srv", cwd_revision: 4,
  },
  // The memory commands' answers, shaped as 0.32.18 sends them (letta.js, listener memory handlers).
  list_memory_response: {
    type: "list_memory_response", request_id: "lm-1", success: true, done: true, total: 1, memfs_enabled: true, memfs_initialized: true,
    entries: [{ relative_path: "system/human.md", is_system: true, description: "What I know of the human", content: "Likes tea.\n", size: 11, kind: "markdown", mime_type: "text/markdown" }],
  },
  read_memory_file_response: { type: "read_memory_file_response", request_id: "rm-1", agent_id: "agent-123", path: "system/human.md", content: "---\ndescription: x\n---\nLikes tea.\n", encoding: "utf8", success: true },
  write_memory_file_response: { type: "write_memory_file_response", request_id: "wm-1", agent_id: "agent-123", path: "notes/a.md", success: true, committed: true, commit_sha: "abc123" },
  delete_memory_file_response: { type: "delete_memory_file_response", request_id: "dm-1", agent_id: "agent-123", path: "notes/a.md", success: true, committed: true, commit_sha: "abc124" },
  memory_history_response: { type: "memory_history_response", request_id: "mh-1", file_path: "", success: true, commits: [{ sha: "abc123", message: "Update notes/a.md", timestamp: "2026-12-07T00:00:00+00:00", author_name: "Letta" }] },
  memory_commit_diff_response: { type: "memory_commit_diff_response", request_id: "md-1", sha: "abc123", success: true, diff: "diff --git a/notes/a.md b/notes/a.md\n" },
  memory_file_at_ref_response: { type: "memory_file_at_ref_response", request_id: "mr-1", file_path: "notes/a.md", ref: "abc123", success: true, content: "old\n" },
  enable_memfs_response: { type: "enable_memfs_response", request_id: "em-1", success: true, memory_directory: "/home/me/.letta/agents/agent-123/memory" },
  search_files_response: { type: "search_files_response", request_id: "sf-1", success: true, files: [{ path: "src/app.ts", type: "file" }] },
  search_branches_response: { type: "search_branches_response", request_id: "sb-1", success: true, branches: [{ name: "main", is_current: true, is_remote: false }] },
  checkout_branch_response: { type: "checkout_branch_response", request_id: "cb-1", success: true, branch: "main" },
  runtime_external_tools_update_response: { type: "runtime_external_tools_update_response", request_id: "et-1", success: true },
  launch_subagent_response: { type: "launch_subagent_response", request_id: "ls-1", success: true, task_id: "t-1", agent_id: null, conversation_id: null },
  monitor_stop_response: { type: "monitor_stop_response", request_id: "ms-1", runtime, process_id: "bg-1", success: true, stopped: true },
  teleport_probe_response: { type: "teleport_probe_response", request_id: "tp-1", runtime, supported: true },
  stream_delta: { type: "stream_delta", delta: { message_type: "status", message: "Interrupted", level: "warning" }, ...env("stream_delta", 57) },
  update_loop_status: {
    type: "update_loop_status", ...env("update_loop_status", 60),
    loop_status: {
      status: "EXECUTING_CLIENT_SIDE_TOOL", active_run_ids: ["run-1"],
      client_message_ids_by_run_id: { "run-1": ["cm-01J"] }, executing_tool_call_ids: ["toolu_01ABC"],
    },
  },
  update_device_status: {
    type: "update_device_status", ...env("update_device_status", 61),
    device_status: {
      current_connection_id: "app-server", connection_name: "my-host", is_online: true, is_processing: false,
      current_permission_mode: "standard", current_working_directory: "/Users/me/project", cwd_revision: 3,
      git_context: { branch: "main", recent_branches: ["feat/x"] }, letta_code_version: "0.32.18",
      current_toolset: "default", current_toolset_preference: "auto",
      available_toolsets: [{ id: "auto", display_name: "Auto", label: "Auto", description: "d", is_featured: true }],
      current_loaded_tools: ["Bash", "Read", "Edit"],
      current_available_skills: [{ id: "s", name: "s", description: "d", path: "/p", source: "project" }],
      background_processes: [{ process_id: "bg-1", kind: "bash", command: "npm run dev", started_at_ms: 0, status: "running", exit_code: null }],
      pending_control_requests: [{
        request_id: "perm-toolu_01ABC",
        request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "npm test" }, tool_call_id: "toolu_01ABC", permission_suggestions: [], blocked_path: null },
      }],
      experiments: [], memory_directory: "/Users/me/.letta/m", should_doctor: false,
      reflection_settings: { agent_id: "agent-123", trigger: "compaction-event", step_count: 25, merge: "auto", merge_instructions: "" },
      supported_commands: ["clear", "compact"], mod_commands: [{ id: "m", description: "d", args: "<q>" }],
    },
  },
  update_queue: {
    type: "update_queue", ...env("update_queue", 62),
    queue: [{ id: "q-7", client_message_id: "cm-01J", kind: "message", source: "user", content: "also fix lint", enqueued_at: "t", paused: true }],
    removed: [{ client_message_id: "cm-01H", disposition: "dequeued" }],
  },
  update_subagent_state: {
    type: "update_subagent_state", ...env("update_subagent_state", 63),
    subagents: [{
      subagent_id: "sub-1", subagent_type: "explore", description: "Find tests", prompt: "p", status: "running",
      agent_url: null, conversation_id: "conv-sub", model: "sonnet", is_background: false, silent: false,
      tool_call_id: "toolu_task", parent_agent_id: "agent-123", parent_conversation_id: "conv-456",
      start_time: 1, tool_calls: [{ id: "t1", name: "Grep", args: "{}" }], total_tokens: 10, duration_ms: 5,
    }],
  },
  turn_finished: {
    type: "turn_finished", ...env("turn_finished", 90), turn_id: "batch-direct-5b1", stop_reason: "end_turn", run_id: "run-3",
    usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, step_count: 1, cached_input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 },
  },
  control_request: {
    type: "control_request", request_id: "perm-toolu_01ABC",
    request: {
      subtype: "can_use_tool", tool_name: "Edit", input: { file_path: "src/app.ts", old_string: "foo", new_string: "bar" },
      tool_call_id: "toolu_01ABC",
      permission_suggestions: [{ id: "save-default", text: "Yes, allow editing files in src/ in this project" }],
      blocked_path: null,
      diffs: [{
        mode: "advanced", fileName: "app.ts",
        hunks: [{ oldStart: 10, oldLines: 1, newStart: 10, newLines: 1, lines: [{ type: "remove", content: "const x = foo;" }, { type: "add", content: "const x = bar;" }] }],
      }],
    },
    agent_id: "agent-123", conversation_id: "conv-456", ...env("control_request", 77),
  },
  file_ops: { type: "file_ops", path: "/srv/a.txt", cg_entries: [], ops: [], source: "agent", document_content: "x\n", ...env("file_ops", 24) },
  external_tool_call_request: {
    type: "external_tool_call_request", request_id: "external-tool-1", runtime, scope_id: "s", tool_call_id: "call_1", tool_name: "lookup_weather", input: { city: "Paris" },
  },
  memory_updated: { type: "memory_updated", affected_paths: ["*"], timestamp: 1 },
  memory_updated_enveloped: { type: "memory_updated", affected_paths: ["*"], timestamp: 1, ...env("memory_updated", 5) },
  skills_updated: { type: "skills_updated", timestamp: 1 },
  crons_updated: { type: "crons_updated", timestamp: 1, agent_id: "agent-123", conversation_id: null },
  channels_updated: { type: "channels_updated", timestamp: 1, channel_id: "slack" },
  channel_accounts_updated: { type: "channel_accounts_updated", timestamp: 1, channel_id: "slack", account_id: "a" },
  channel_pairings_updated: { type: "channel_pairings_updated", timestamp: 1, channel_id: "slack" },
  channel_routes_updated: { type: "channel_routes_updated", timestamp: 1, channel_id: "slack", agent_id: "agent-123" },
  channel_targets_updated: { type: "channel_targets_updated", timestamp: 1, channel_id: "slack" },
  file_changed: { type: "file_changed", path: "/srv/a.txt", lastModified: 1 },
  teleport_ready: { type: "teleport_ready", teleport_id: "tp", runtime, success: true, active_turn: false, mode: "standard" },
  terminal_output: { type: "terminal_output", terminal_id: "t1", data: "$ " },
  terminal_spawned: { type: "terminal_spawned", terminal_id: "t1", pid: 42 },
  terminal_exited: { type: "terminal_exited", terminal_id: "t1", exitCode: 0 },  // Recorded from 0.32.18 (skills and schedules).
  cron_list_response: { type: "cron_list_response", request_id: "cr-1", tasks: [{ id: "388fc193", agent_id: "agent-123", conversation_id: "conv-456", name: "daily", description: "d", cron: "0 9 * * *", timezone: "UTC", recurring: true, prompt: "hello cron", status: "active", created_at: "2026-12-06T18:38:13.534Z", expires_at: null, last_fired_at: null, fire_count: 0, cancel_reason: null, jitter_offset_ms: 21899, last_run_at: null, last_run_outcome: null, last_run_reason: null, last_run_error: null, last_missed_at: null, missed_count: 0, failed_count: 0, scheduled_for: null, fired_at: null, missed_at: null }], success: true },
  cron_add_response: { type: "cron_add_response", request_id: "cr-2", success: true, task: { id: "388fc193", agent_id: "agent-123", conversation_id: "conv-456", name: "daily", description: "d", cron: "0 9 * * *", timezone: "UTC", recurring: true, prompt: "hello cron", status: "active", created_at: "2026-12-06T18:38:13.534Z", expires_at: null, last_fired_at: null, fire_count: 0, cancel_reason: null, jitter_offset_ms: 21899, last_run_at: null, last_run_outcome: null, last_run_reason: null, last_run_error: null, last_missed_at: null, missed_count: 0, failed_count: 0, scheduled_for: null, fired_at: null, missed_at: null } },
  cron_get_response: { type: "cron_get_response", request_id: "cr-3", success: true, found: true, task: { id: "388fc193", agent_id: "agent-123", conversation_id: "conv-456", name: "daily", description: "d", cron: "0 9 * * *", timezone: "UTC", recurring: true, prompt: "hello cron", status: "active", created_at: "2026-12-06T18:38:13.534Z", expires_at: null, last_fired_at: null, fire_count: 0, cancel_reason: null, jitter_offset_ms: 21899, last_run_at: null, last_run_outcome: null, last_run_reason: null, last_run_error: null, last_missed_at: null, missed_count: 0, failed_count: 0, scheduled_for: null, fired_at: null, missed_at: null } },
  cron_trigger_response: { type: "cron_trigger_response", request_id: "cr-4", success: true, found: true, task: { id: "388fc193", agent_id: "agent-123", conversation_id: "conv-456", name: "daily", description: "d", cron: "0 9 * * *", timezone: "UTC", recurring: true, prompt: "hello cron", status: "active", created_at: "2026-12-06T18:38:13.534Z", expires_at: null, last_fired_at: null, fire_count: 0, cancel_reason: null, jitter_offset_ms: 21899, last_run_at: null, last_run_outcome: null, last_run_reason: null, last_run_error: null, last_missed_at: null, missed_count: 0, failed_count: 0, scheduled_for: null, fired_at: null, missed_at: null } },
  cron_pause_response: { type: "cron_pause_response", request_id: "cr-5", success: true, found: true, task: { id: "388fc193", agent_id: "agent-123", conversation_id: "conv-456", name: "daily", description: "d", cron: "0 9 * * *", timezone: "UTC", recurring: true, prompt: "hello cron", status: "active", created_at: "2026-12-06T18:38:13.534Z", expires_at: null, last_fired_at: null, fire_count: 0, cancel_reason: null, jitter_offset_ms: 21899, last_run_at: null, last_run_outcome: null, last_run_reason: null, last_run_error: null, last_missed_at: null, missed_count: 0, failed_count: 0, scheduled_for: null, fired_at: null, missed_at: null } },
  cron_resume_response: { type: "cron_resume_response", request_id: "cr-6", success: true, found: true, task: { id: "388fc193", agent_id: "agent-123", conversation_id: "conv-456", name: "daily", description: "d", cron: "0 9 * * *", timezone: "UTC", recurring: true, prompt: "hello cron", status: "active", created_at: "2026-12-06T18:38:13.534Z", expires_at: null, last_fired_at: null, fire_count: 0, cancel_reason: null, jitter_offset_ms: 21899, last_run_at: null, last_run_outcome: null, last_run_reason: null, last_run_error: null, last_missed_at: null, missed_count: 0, failed_count: 0, scheduled_for: null, fired_at: null, missed_at: null } },
  cron_delete_response: { type: "cron_delete_response", request_id: "cr-7", success: true, found: true },
  cron_add_refused: { type: "cron_add_response", request_id: "cr-8", success: false, error: "Invalid cron expression \"0 9 * * MON\". Schedule was not saved." },
  skill_enable_response: {
    type: "skill_enable_response", request_id: "sk-1", success: true, name: "tidy-notes", skill_path: "/srv/skills/tidy-notes", link_path: "/home/u/.letta/skills/tidy-notes",
  },
  skill_disable_response: { type: "skill_disable_response", request_id: "sk-2", success: true, name: "tidy-notes" },
  skill_disable_refused: { type: "skill_disable_response", request_id: "sk-3", success: false, error: "Skill not found: letta-guide" },
};

function parsed(sample: Record<string, unknown>): KnownFrame {
  const p = parseFrame(JSON.stringify(sample));
  if (p.kind !== "frame") throw new Error(`${String(sample.type)} parsed as ${p.kind}: ${JSON.stringify(p)}`);
  return p.frame;
}

function frameOf<T extends KnownFrame["type"]>(name: string, type: T): Extract<KnownFrame, { type: T }> {
  const f = parsed(SAMPLES[name]!);
  expect(f.type).toBe(type);
  return f as Extract<KnownFrame, { type: T }>;
}

describe("every server frame type parses from its PROTOCOL.md example", () => {
  for (const [name, sample] of Object.entries(SAMPLES)) {
    it(name, () => expect(parsed(sample).type).toBe(sample.type));
  }
  it("has a sample for every frame type in the union", () => {
    const known = KnownFrameSchema.options.map((o) => o.shape.type.value as string);
    const sampled = new Set(Object.values(SAMPLES).map((s) => s.type));
    expect(known.filter((t) => !sampled.has(t))).toEqual([]);
  });
});

describe("modelled fields", () => {
  it("conversation_messages_list_response keeps paging and messages parse as deltas", () => {
    const f = frameOf("conversation_messages_list_response", "conversation_messages_list_response");
    expect(f).toMatchObject({ next_before: "message-1", has_more: true });
    expect(f.messages.map((m) => parseDelta(m).message_type)).toEqual([
      "assistant_message",
      "tool_return_message",
      "approval_request_message",
      "user_message",
    ]);
  });
  it("update_loop_status keeps client_message_ids_by_run_id", () => {
    expect(frameOf("update_loop_status", "update_loop_status").loop_status.client_message_ids_by_run_id).toEqual({ "run-1": ["cm-01J"] });
  });
  it("update_queue keeps removed[] and paused", () => {
    const f = frameOf("update_queue", "update_queue");
    expect(f.queue[0]?.paused).toBe(true);
    expect(f.removed?.[0]).toEqual({ client_message_id: "cm-01H", disposition: "dequeued" });
  });
  it("update_device_status types the status line and the pending prompts", () => {
    const d = frameOf("update_device_status", "update_device_status").device_status;
    expect(d.cwd_revision).toBe(3);
    expect(d.supported_commands).toContain("compact");
    expect(d.pending_control_requests?.[0]?.request?.tool_name).toBe("Bash");
    expect(d.background_processes?.[0]?.kind).toBe("bash");
  });
  it("update_subagent_state links a subagent to its Task call", () => {
    expect(frameOf("update_subagent_state", "update_subagent_state").subagents[0]).toMatchObject({ tool_call_id: "toolu_task", status: "running" });
  });
  it("turn_finished keeps optional usage", () => {
    expect(frameOf("turn_finished", "turn_finished").usage?.total_tokens).toBe(3);
  });
  it("control_request types advanced diffs and blocked_path", () => {
    const { request } = frameOf("control_request", "control_request");
    expect(request.blocked_path).toBeNull();
    const diff = request.diffs?.[0];
    expect(diff?.mode === "advanced" && diff.hunks[0]?.lines.map((l) => l.type)).toEqual(["remove", "add"]);
  });
});

describe("control_request diffs degrade instead of rejecting the prompt", () => {
  const withDiffs = (diffs: unknown[]) =>
    parsed({ ...SAMPLES.control_request, request: { ...(SAMPLES.control_request!.request as object), diffs } });

  it("keeps fallback and unpreviewable reasons", () => {
    const f = withDiffs([
      { mode: "fallback", fileName: "a.ts", reason: "too large" },
      { mode: "unpreviewable", fileName: "b.bin", reason: "binary" },
    ]);
    expect(f.type === "control_request" && f.request.diffs).toEqual([
      { mode: "fallback", fileName: "a.ts", reason: "too large" },
      { mode: "unpreviewable", fileName: "b.bin", reason: "binary" },
    ]);
  });
  it("turns an unknown mode or a bad hunk into unpreviewable", () => {
    const f = withDiffs([{ mode: "hologram", fileName: "c.ts" }, { mode: "advanced", fileName: "d.ts", hunks: [{ lines: "x" }] }]);
    expect(f.type === "control_request" && f.request.diffs?.map((d) => [d.mode, d.fileName])).toEqual([
      ["unpreviewable", "c.ts"],
      ["unpreviewable", "d.ts"],
    ]);
  });
});

describe("tolerant parsing", () => {
  it("keeps unknown fields of new frames, nested ones included", () => {
    const f = parsed({ ...SAMPLES.update_model_response, future: 1 });
    expect((f as Record<string, unknown>).future).toBe(1);
    const q = parsed({ ...SAMPLES.update_queue, queue: [{ id: "q", extra: "kept" }] });
    expect(q.type === "update_queue" && (q.queue[0] as Record<string, unknown>).extra).toBe("kept");
  });
  it("accepts a status enum value this client does not know", () => {
    const f = parsed({ ...SAMPLES.update_loop_status, loop_status: { status: "DREAMING" } });
    expect(f.type === "update_loop_status" && f.loop_status.status).toBe("DREAMING");
  });
  it("reports a known type with a broken field as unknown with the reason", () => {
    const p = parseFrame(JSON.stringify({ type: "conversation_messages_list_response", request_id: "x", messages: "nope" }));
    expect(p.kind).toBe("unknown");
    expect(p.kind === "unknown" && p.issue).toBeTruthy();
  });
});

describe("update_device_status survives an unreadable pending prompt body", () => {
  it("keeps the request_id for reconciliation", () => {
    const d = SAMPLES.update_device_status!.device_status as Record<string, unknown>;
    const f = parsed({ ...SAMPLES.update_device_status, device_status: { ...d, pending_control_requests: [{ request_id: "perm-x", request: { tool_name: 7 } }] } });
    expect(f.type === "update_device_status" && f.device_status.pending_control_requests).toEqual([{ request_id: "perm-x" }]);
  });
});
