import { z } from "zod";
import { envelope, maybeEnvelope } from "./wire.js";

// Other server frames (PROTOCOL §4.7–4.8). A TUI mostly logs them or refreshes a cache, so
// beyond `type` they are minimal and loose.

/** An agent wrote a file; `document_content` is the whole file afterwards. */
export const FileOpsFrame = z.looseObject({
  ...envelope,
  type: z.literal("file_ops"),
  path: z.string().optional(),
  source: z.string().optional(),
  document_content: z.string().nullable().optional(),
});

/** The server asks us to run one of our registered external tools (direct, no envelope). */
export const ExternalToolCallRequest = z.looseObject({
  type: z.literal("external_tool_call_request"),
  // "external-tool-<uuid>"; echo it in external_tool_call_response within 5 minutes.
  request_id: z.string(),
  runtime: maybeEnvelope.runtime,
  scope_id: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_name: z.string(),
  input: z.record(z.string(), z.unknown()).default({}),
});

// Enveloped when a subagent changed memory; direct after a memory command.
export const MemoryUpdated = z.looseObject({
  ...maybeEnvelope,
  type: z.literal("memory_updated"),
  affected_paths: z.array(z.string()).optional(),
  timestamp: z.number().optional(),
});
export const SkillsUpdated = z.looseObject({
  type: z.literal("skills_updated"),
  timestamp: z.number().optional(),
});
export const CronsUpdated = z.looseObject({
  ...maybeEnvelope,
  type: z.literal("crons_updated"),
  timestamp: z.number().optional(),
  agent_id: z.string().optional(),
  conversation_id: z.string().nullable().optional(),
});

const channelEvent = {
  timestamp: z.number().optional(),
  channel_id: z.string().optional(),
};
export const ChannelsUpdated = z.looseObject({ ...channelEvent, type: z.literal("channels_updated") });
export const ChannelAccountsUpdated = z.looseObject({ ...channelEvent, type: z.literal("channel_accounts_updated") });
export const ChannelPairingsUpdated = z.looseObject({ ...channelEvent, type: z.literal("channel_pairings_updated") });
export const ChannelRoutesUpdated = z.looseObject({ ...channelEvent, type: z.literal("channel_routes_updated") });
export const ChannelTargetsUpdated = z.looseObject({ ...channelEvent, type: z.literal("channel_targets_updated") });

/** Sent for paths registered with `watch_file`. */
export const FileChanged = z.looseObject({
  type: z.literal("file_changed"),
  path: z.string().optional(),
  lastModified: z.number().optional(),
});

export const TeleportReady = z.looseObject({
  type: z.literal("teleport_ready"),
  teleport_id: z.string().optional(),
  runtime: maybeEnvelope.runtime,
  success: z.boolean().optional(),
  active_turn: z.boolean().optional(),
  mode: z.string().optional(),
  error: z.string().nullable().optional(),
});

export const TerminalOutput = z.looseObject({
  type: z.literal("terminal_output"),
  terminal_id: z.string(),
  data: z.string().optional(),
});
export const TerminalSpawned = z.looseObject({
  type: z.literal("terminal_spawned"),
  terminal_id: z.string(),
  pid: z.number().optional(),
});
export const TerminalExited = z.looseObject({
  type: z.literal("terminal_exited"),
  terminal_id: z.string(),
  exitCode: z.number().optional(),
  error: z.string().nullable().optional(),
});

export const Notifications = [
  FileOpsFrame,
  ExternalToolCallRequest,
  MemoryUpdated,
  SkillsUpdated,
  CronsUpdated,
  ChannelsUpdated,
  ChannelAccountsUpdated,
  ChannelPairingsUpdated,
  ChannelRoutesUpdated,
  ChannelTargetsUpdated,
  FileChanged,
  TeleportReady,
  TerminalOutput,
  TerminalSpawned,
  TerminalExited,
] as const;
