import { z } from "zod";
import { AgentRuntimeScopeSchema } from "./runtime.js";

// Controller-owned ("external") tools (PROTOCOL §3.2, §3.11, §4.7): we register them, the model
// calls them, the server forwards each call to us as external_tool_call_request.

export const ExternalToolDefinition = z.strictObject({
  name: z.string(),
  label: z.string().optional(),
  description: z.string(),
  // A JSON Schema object for the arguments.
  parameters: z.record(z.string(), z.unknown()),
});
export type ExternalToolDefinition = z.infer<typeof ExternalToolDefinition>;

/** A scoped group is offered only on turns whose input names its scope_id. */
export const ExternalToolsGroup = z.strictObject({
  scope_id: z.string().optional(),
  tools: z.array(ExternalToolDefinition),
});
export type ExternalToolsGroup = z.infer<typeof ExternalToolsGroup>;

/** [0.30.8] Register tools without subscribing; an empty `external_tools` removes ours. */
export const RuntimeExternalToolsUpdateCommand = z.strictObject({
  type: z.literal("runtime_external_tools_update"),
  request_id: z.string(),
  updates: z.array(
    z.strictObject({
      // Each runtime at most once across all updates, or the server drops the whole command.
      runtimes: z.array(AgentRuntimeScopeSchema).min(1),
      external_tools: z.array(ExternalToolsGroup),
    }),
  ),
});
export type RuntimeExternalToolsUpdateCommand = z.infer<typeof RuntimeExternalToolsUpdateCommand>;

export const ExternalToolResultText = z.strictObject({ type: z.literal("text"), text: z.string() });

/**
 * Our answer to one external_tool_call_request: a `result`, or an `error` string that the
 * model sees as a failed call. Exactly one of the two.
 */
export const ExternalToolCallResponseCommand = z
  .strictObject({
    type: z.literal("external_tool_call_response"),
    // The request's "external-tool-<uuid>", not one of ours.
    request_id: z.string(),
    result: z.strictObject({ content: z.array(ExternalToolResultText), is_error: z.boolean().optional() }).optional(),
    error: z.string().optional(),
  })
  .refine((c) => (c.result === undefined) !== (c.error === undefined), {
    message: "external_tool_call_response needs exactly one of result or error",
  });
export type ExternalToolCallResponseCommand = z.infer<typeof ExternalToolCallResponseCommand>;
