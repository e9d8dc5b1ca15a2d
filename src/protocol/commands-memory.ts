import { z } from "zod";

// The agent's memory files (a git repository the server keeps per agent; issue 15). Field names
// as 0.32.18 checks them: `path` for read/write/delete, `file_path` for history and refs. Strict
// so a misspelt field fails here: the server answers a command it cannot read with silence.

const memory = { request_id: z.string(), agent_id: z.string() };

/** Answered in parts of 5 entries, each `list_memory_response` with `done` (RequestTracker gathers them). */
export const ListMemoryCommand = z.strictObject({
  type: z.literal("list_memory"),
  ...memory,
  include_references: z.boolean().optional(),
});

export const ReadMemoryFileCommand = z.strictObject({
  type: z.literal("read_memory_file"),
  ...memory,
  path: z.string(),
  encoding: z.enum(["utf8", "base64"]).optional(),
});

/** Writes and commits; the server then broadcasts `memory_updated` for the path. */
export const WriteMemoryFileCommand = z.strictObject({
  type: z.literal("write_memory_file"),
  ...memory,
  path: z.string(),
  content: z.string(),
  encoding: z.enum(["utf8", "base64"]).optional(),
  commit_message: z.string().optional(),
});

export const DeleteMemoryFileCommand = z.strictObject({
  type: z.literal("delete_memory_file"),
  ...memory,
  path: z.string(),
  commit_message: z.string().optional(),
});

/** `git log` of the memory, or of one file; the server's default limit is 50. */
export const MemoryHistoryCommand = z.strictObject({
  type: z.literal("memory_history"),
  ...memory,
  file_path: z.string().optional(),
  limit: z.number().int().positive().optional(),
});

export const MemoryCommitDiffCommand = z.strictObject({
  type: z.literal("memory_commit_diff"),
  ...memory,
  sha: z.string(),
});

export const MemoryFileAtRefCommand = z.strictObject({
  type: z.literal("memory_file_at_ref"),
  ...memory,
  file_path: z.string(),
  ref: z.string(),
});

/** Turns memory on for an agent without it; the server then broadcasts `memory_updated ["*"]`. */
export const EnableMemfsCommand = z.strictObject({
  type: z.literal("enable_memfs"),
  ...memory,
});

export const MemoryCommands = [
  ListMemoryCommand,
  ReadMemoryFileCommand,
  WriteMemoryFileCommand,
  DeleteMemoryFileCommand,
  MemoryHistoryCommand,
  MemoryCommitDiffCommand,
  MemoryFileAtRefCommand,
  EnableMemfsCommand,
] as const;
