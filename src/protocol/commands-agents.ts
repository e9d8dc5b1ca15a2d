import { z } from "zod";

// Agent management and directory listing (0.32.18's listener; SURFACE.md): what /agents and
// /cwd send. Strict, like every command we build, so a misspelt field fails in our code.

/** The personalities `create_agent` accepts (0.32.18 drops the command for any other). */
export const PERSONALITIES = ["memo", "blank", "tutorial", "linus", "kawaii"] as const;
export type Personality = (typeof PERSONALITIES)[number];

/**
 * Create an agent the way Letta Code's own onboarding does: a personality's memory and prompt.
 * The server names it after the personality; /agents renames it with agent_update after.
 */
export const CreateAgentCommand = z.strictObject({
  type: z.literal("create_agent"),
  request_id: z.string(),
  personality: z.enum(PERSONALITIES),
  // A catalog id or a provider/handle; an unknown one is refused ("Unknown model").
  model: z.string().optional(),
  tags: z.array(z.string()).optional(),
  // Default true: the agent is pinned in the server's settings.
  pin_global: z.boolean().optional(),
});
export type CreateAgentCommand = z.infer<typeof CreateAgentCommand>;

/** `body` goes to the Letta API's agent update as it is; we only ever rename. */
export const AgentUpdateCommand = z.strictObject({
  type: z.literal("agent_update"),
  request_id: z.string(),
  agent_id: z.string(),
  body: z.strictObject({ name: z.string().optional() }),
});
export type AgentUpdateCommand = z.infer<typeof AgentUpdateCommand>;

export const AgentDeleteCommand = z.strictObject({
  type: z.literal("agent_delete"),
  request_id: z.string(),
  agent_id: z.string(),
});
export type AgentDeleteCommand = z.infer<typeof AgentDeleteCommand>;

/**
 * The folders (and files) in a directory on the runtime's machine. The server reads `path` as
 * given, relative to its own process cwd, not the conversation's: send absolute paths.
 * A missing path answers success:false with the ENOENT message.
 */
export const ListInDirectoryCommand = z.strictObject({
  type: z.literal("list_in_directory"),
  request_id: z.string(),
  path: z.string(),
  include_files: z.boolean().optional(),
  offset: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().optional(),
});
export type ListInDirectoryCommand = z.infer<typeof ListInDirectoryCommand>;

/**
 * Files and folders whose path matches `query` (fuzzy), for `@` completion. The server searches
 * under `cwd` (its own process cwd when absent): send the runtime's working directory. Paths
 * come back relative to it; `max_results` defaults to 5 on 0.32.18.
 */
export const SearchFilesCommand = z.strictObject({
  type: z.literal("search_files"),
  request_id: z.string(),
  query: z.string(),
  max_results: z.number().int().positive().optional(),
  cwd: z.string().optional(),
});
export type SearchFilesCommand = z.infer<typeof SearchFilesCommand>;
