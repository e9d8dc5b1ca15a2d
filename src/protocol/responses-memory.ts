import { z } from "zod";
import { response } from "./wire.js";

// Answers to the memory commands (commands-memory.ts). Loose: we type what the memory view reads.

/** One memory file. `content` is the body without its front matter; `size` its length in characters. */
export const MemoryEntrySchema = z.looseObject({
  relative_path: z.string(),
  is_system: z.boolean().optional(),
  description: z.string().nullable().optional(),
  content: z.string().optional(),
  size: z.number().optional(),
  // "markdown" | "image" on 0.32.18.
  kind: z.string().optional(),
  mime_type: z.string().optional(),
  references: z.array(z.string()).optional(),
});
export type MemoryEntry = z.infer<typeof MemoryEntrySchema>;

/**
 * One part of the listing: the server sends the files 5 at a time under the same request_id,
 * `done: true` on the last. An agent without memory gets one part, empty, `memfs_enabled: false`.
 */
export const ListMemoryResponse = z.looseObject({
  ...response,
  type: z.literal("list_memory_response"),
  entries: z.array(MemoryEntrySchema).default([]),
  done: z.boolean().optional(),
  total: z.number().optional(),
  memfs_enabled: z.boolean().optional(),
  memfs_initialized: z.boolean().optional(),
});
export type ListMemoryResponse = z.infer<typeof ListMemoryResponse>;

export const ReadMemoryFileResponse = z.looseObject({
  ...response,
  type: z.literal("read_memory_file_response"),
  path: z.string().optional(),
  content: z.string().nullable().optional(),
  encoding: z.string().optional(),
});

export const WriteMemoryFileResponse = z.looseObject({
  ...response,
  type: z.literal("write_memory_file_response"),
  path: z.string().optional(),
  committed: z.boolean().optional(),
  commit_sha: z.string().optional(),
});

export const DeleteMemoryFileResponse = z.looseObject({
  ...response,
  type: z.literal("delete_memory_file_response"),
  path: z.string().optional(),
  committed: z.boolean().optional(),
  commit_sha: z.string().optional(),
});

export const MemoryCommitSchema = z.looseObject({
  sha: z.string(),
  message: z.string().optional(),
  // ISO 8601 with offset (git %aI).
  timestamp: z.string().optional(),
  author_name: z.string().nullable().optional(),
});
export type MemoryCommit = z.infer<typeof MemoryCommitSchema>;

export const MemoryHistoryResponse = z.looseObject({
  ...response,
  type: z.literal("memory_history_response"),
  file_path: z.string().optional(),
  commits: z.array(MemoryCommitSchema).default([]),
});

/** `git show` of the commit: a unified diff (null on failure). */
export const MemoryCommitDiffResponse = z.looseObject({
  ...response,
  type: z.literal("memory_commit_diff_response"),
  sha: z.string().optional(),
  diff: z.string().nullable().optional(),
});

export const MemoryFileAtRefResponse = z.looseObject({
  ...response,
  type: z.literal("memory_file_at_ref_response"),
  file_path: z.string().optional(),
  ref: z.string().optional(),
  content: z.string().nullable().optional(),
});

export const EnableMemfsResponse = z.looseObject({
  ...response,
  type: z.literal("enable_memfs_response"),
  memory_directory: z.string().nullable().optional(),
});

export const MemoryResponses = [
  ListMemoryResponse,
  ReadMemoryFileResponse,
  WriteMemoryFileResponse,
  DeleteMemoryFileResponse,
  MemoryHistoryResponse,
  MemoryCommitDiffResponse,
  MemoryFileAtRefResponse,
  EnableMemfsResponse,
] as const;

/**
 * Responses the server sends in parts under one request_id, each with `done`, and the array field
 * the parts add up: the request is answered by all of them joined, on the part with `done: true`.
 */
export const PARTED_RESPONSES: Readonly<Record<string, string>> = { list_memory_response: "entries" };
