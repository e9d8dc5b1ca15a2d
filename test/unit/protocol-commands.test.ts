import { describe, expect, it } from "vitest";
import { CommandSchema, type Command } from "../../src/protocol/commands.js";
import { loadRecording, recordingNames } from "./recordings.js";

// Commands built from PROTOCOL.md §3 examples must pass CommandSchema; anything the server
// would drop silently (a typo, a non-canonical mode, a missing request_id) must not.

const runtime = { agent_id: "agent-123", conversation_id: "conv-456" };

const EXAMPLES: Record<string, Command> = {
  app_server_info: { type: "app_server_info", request_id: "info-1" },
  runtime_start: {
    type: "runtime_start", request_id: "rs-1", agent_id: "agent-123", conversation_id: "conv-456",
    cwd: "/Users/me/project", mode: "standard", client_info: { name: "letta-tui", title: "Letta TUI", version: "0.1.0" },
    recover_approvals: true, force_device_status: true, preserve_skill_sources: true, wait_for_replay: true,
    external_tools: [{
      scope_id: "optional",
      tools: [{ name: "open_in_editor", label: "Open", description: "Open a file", parameters: { type: "object", properties: {} } }],
    }],
  },
  runtime_start_reset_cwd: { type: "runtime_start", request_id: "rs-2", agent_id: "a", create_conversation: {}, cwd: null, client_info: { name: "t" } },
  input_create_message: {
    type: "input", request_id: "in-7", runtime,
    payload: {
      kind: "create_message",
      messages: [{ role: "user", content: "Run the tests", client_message_id: "cm-01J" }],
      client_tool_allowlist: [], client_toolset: { base: "auto", include: ["Bash"] }, external_tool_scope_ids: ["s"],
      exclude_interactive_tools: true, image_failure_mode: "drop", response_format: { type: "json_schema" },
    },
  },
  input_image: {
    type: "input", request_id: "in-9", runtime,
    payload: {
      kind: "create_message",
      messages: [{ role: "user", client_message_id: "cm-2", content: [{ type: "text", text: "see" }, { type: "image", source: { type: "base64", media_type: "image/png", data: "AAAA" } }] }],
    },
  },
  input_approval_allow: {
    type: "input", request_id: "in-8", runtime,
    payload: { kind: "approval_response", request_id: "perm-toolu_01ABC", decision: { behavior: "allow", selected_permission_suggestion_ids: ["save-default"], updated_input: { command: "npm test" } } },
  },
  input_approval_deny: {
    type: "input", request_id: "in-10", runtime,
    payload: { kind: "approval_response", request_id: "perm-toolu_01ABC", decision: { behavior: "deny", message: "Use pnpm instead" } },
  },
  input_approval_error: { type: "input", request_id: "in-11", runtime, payload: { kind: "approval_response", request_id: "perm-toolu_01ABC", error: "cannot render" } },
  sync: { type: "sync", request_id: "sync-3", runtime, recover_approvals: false, force_device_status: true },
  abort_message: { type: "abort_message", request_id: "ab-1", runtime, run_id: null },
  resume_queue: { type: "resume_queue", request_id: "rq-1", runtime },
  remove_queue_item: { type: "remove_queue_item", request_id: "rm-1", runtime, item_id: "q-7" },
  change_device_state_mode: { type: "change_device_state", request_id: "cds-1", runtime, payload: { mode: "acceptEdits" } },
  change_device_state_cwd: { type: "change_device_state", request_id: "cds-2", runtime, payload: { cwd: "../other-repo" } },
  list_models: { type: "list_models", request_id: "lm-1", force: false },
  update_model_id: { type: "update_model", request_id: "um-1", runtime, payload: { model_id: "sonnet" } },
  update_model_handle: { type: "update_model", request_id: "um-2", runtime, payload: { model_handle: "anthropic/claude-sonnet-4-6", reasoning_effort: null } },
  execute_command: { type: "execute_command", request_id: "x1", command_id: "compact", runtime, args: "all" },
  conversation_list: { type: "conversation_list", request_id: "cl-1", query: { agent_id: "agent-123", limit: 20, order: "desc" } },
  conversation_messages_list: {
    type: "conversation_messages_list", request_id: "ml-1", conversation_id: "default",
    query: { limit: 50, order: "desc", before: "message-1", agent_id: "agent-123" },
  },
  agent_list: { type: "agent_list", request_id: "al-1", query: { limit: 1, order: "desc", order_by: "last_run_completion" } },
  create_agent: { type: "create_agent", request_id: "ca-1", personality: "memo", model: "llama.cpp/fake-model" },
  agent_update: { type: "agent_update", request_id: "au-1", agent_id: "agent-123", body: { name: "New name" } },
  agent_delete: { type: "agent_delete", request_id: "ad-1", agent_id: "agent-123" },
  list_in_directory: { type: "list_in_directory", request_id: "ld-1", path: "/work/repo" },
  search_files: { type: "search_files", request_id: "sf-1", query: "src/ui", max_results: 50, cwd: "/work/repo" },
  external_tool_call_response: {
    type: "external_tool_call_response", request_id: "external-tool-1", result: { content: [{ type: "text", text: "Sunny" }], is_error: false },
  },
  external_tool_call_error: { type: "external_tool_call_response", request_id: "external-tool-2", error: "no editor" },
  runtime_external_tools_update: {
    type: "runtime_external_tools_update", request_id: "et-1",
    updates: [{ runtimes: [runtime], external_tools: [{ tools: [{ name: "t", description: "d", parameters: { type: "object" } }] }] }],
  },  // As sent to 0.32.18 and answered (skills and schedules).
  cron_list: { type: "cron_list", request_id: "cr-1", agent_id: "agent-123" },
  cron_add: {
    type: "cron_add", request_id: "cr-2", agent_id: "agent-123", conversation_id: "conv-456", name: "daily", description: "every day at 09:00",
    cron: "0 9 * * *", recurring: true, prompt: "summarise the news",
  },
  cron_get: { type: "cron_get", request_id: "cr-3", task_id: "388fc193" },
  cron_trigger: { type: "cron_trigger", request_id: "cr-4", task_id: "388fc193" },
  cron_pause: { type: "cron_pause", request_id: "cr-5", task_id: "388fc193" },
  cron_resume: { type: "cron_resume", request_id: "cr-6", task_id: "388fc193" },
  cron_delete: { type: "cron_delete", request_id: "cr-7", task_id: "388fc193" },
  skill_enable: { type: "skill_enable", request_id: "sk-1", skill_path: "/srv/skills/tidy-notes" },
  skill_disable: { type: "skill_disable", request_id: "sk-2", name: "tidy-notes" },
};

describe("PROTOCOL.md command examples pass CommandSchema", () => {
  for (const [name, command] of Object.entries(EXAMPLES)) {
    it(name, () => expect(CommandSchema.parse(command)).toEqual(command));
  }
});

describe("CommandSchema is strict", () => {
  const rejects = (value: unknown) => expect(CommandSchema.safeParse(value).success).toBe(false);

  it("rejects a misspelt top-level field", () => {
    rejects({ ...EXAMPLES.sync, force_device_stauts: true });
    rejects({ ...EXAMPLES.runtime_start, wait_for_reply: true });
  });
  it("rejects a misspelt nested field", () => {
    rejects({ ...EXAMPLES.change_device_state_mode, payload: { mdoe: "standard" } });
    rejects({ ...EXAMPLES.conversation_messages_list, query: { limit: 50, befor: "m" } });
    rejects({ ...EXAMPLES.input_approval_allow, payload: { kind: "approval_response", request_id: "p", decision: { behavior: "allow", updatedInput: {} } } });
  });
  it("rejects a non-canonical or unknown permission mode", () => {
    rejects({ ...EXAMPLES.runtime_start, mode: "plan" });
    rejects({ ...EXAMPLES.runtime_start, mode: "bypassPermissions" });
    rejects({ ...EXAMPLES.change_device_state_mode, payload: { mode: "default" } });
  });
  it("rejects a personality create_agent does not know (0.32.18 drops the whole command)", () => {
    rejects({ ...EXAMPLES.create_agent, personality: "claude" });
  });
  it("rejects an unknown command type and a missing request_id", () => {
    rejects({ type: "definitely_not_a_command", request_id: "x" });
    const { request_id: _, ...noId } = EXAMPLES.runtime_start!;
    rejects(noId);
  });
  it("rejects an approval response with both or neither of decision and error", () => {
    const base = { type: "input", request_id: "i", runtime };
    rejects({ ...base, payload: { kind: "approval_response", request_id: "p", decision: { behavior: "allow" }, error: "x" } });
    rejects({ ...base, payload: { kind: "approval_response", request_id: "p" } });
    rejects({ ...base, payload: { kind: "approval_response", request_id: "p", decision: { behavior: "deny" } } });
  });
  it("rejects an external tool response with both or neither of result and error", () => {
    rejects({ type: "external_tool_call_response", request_id: "e" });
    rejects({ ...EXAMPLES.external_tool_call_response, error: "x" });
  });
  it("rejects update_model without a model", () => {
    rejects({ ...EXAMPLES.update_model_id, payload: { reasoning_effort: "high" } });
    rejects({ ...EXAMPLES.update_model_id, payload: { model_id: "sonnet", reasoning_effort: "extreme" } });
  });
  it("rejects an agent-free runtime where the server needs an agent", () => {
    const agentFree = { agent_id: null, conversation_id: "conv-1" };
    rejects({ ...EXAMPLES.remove_queue_item, runtime: agentFree });
    rejects({ ...EXAMPLES.execute_command, runtime: agentFree });
    expect(CommandSchema.safeParse({ ...EXAMPLES.sync, runtime: agentFree }).success).toBe(true);
  });
});

describe("recorded commands of the forms we send", () => {
  // The recordings come from a scripted test client, not letta-tui: only forms that match what
  // we build (request_id always set) are checked.
  const sent = recordingNames().flatMap((n) => loadRecording(n).filter((l) => l.dir === "send" && l.frame).map((l) => l.frame!));
  it("approval responses (decision and error forms) and external tool answers pass", () => {
    const checked = sent.filter(
      (f) =>
        f.type === "external_tool_call_response" ||
        (f.type === "input" && (f.payload as { kind?: string; decision?: unknown; error?: unknown }).kind === "approval_response" &&
          ((f.payload as { decision?: unknown }).decision !== undefined || (f.payload as { error?: unknown }).error !== undefined)),
    );
    expect(checked.length).toBeGreaterThan(3);
    for (const f of checked) expect(CommandSchema.safeParse(f).error?.issues).toBeUndefined();
  });
});
