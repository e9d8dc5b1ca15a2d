import { z } from "zod";
import { AgentSchema, response } from "./wire.js";

// Answers to the commands of commands-agents.ts, as 0.32.18 sends them (read from its listener).

/** Only the new agent's id, name and model come back, not the AgentState. */
export const CreateAgentResponse = z.looseObject({
  ...response,
  type: z.literal("create_agent_response"),
  agent_id: z.string().optional(),
  name: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
});
export const AgentCreateResponse = z.looseObject({
  ...response,
  type: z.literal("agent_create_response"),
  agent: AgentSchema.nullable().optional(),
});
export const AgentDeleteResponse = z.looseObject({
  ...response,
  type: z.literal("agent_delete_response"),
  agent_id: z.string().optional(),
});
/** Folder names (not paths), sorted; names the server ignores (node_modules, .git…) are left out. */
export const ListInDirectoryResponse = z.looseObject({
  ...response,
  type: z.literal("list_in_directory_response"),
  path: z.string().optional(),
  folders: z.array(z.string()).default([]),
  files: z.array(z.string()).optional(),
  hasMore: z.boolean().optional(),
  total: z.number().optional(),
});

export const AgentResponses = [CreateAgentResponse, AgentCreateResponse, AgentDeleteResponse, ListInDirectoryResponse] as const;
