import { z } from "zod";
import { AgentRuntimeScopeSchema } from "./runtime.js";

// Background work of a runtime [0.32]: the tasks panel stops monitors, and a subagent can be
// started without a turn (letta-code's task-control-protocol.d.ts and subagent-protocol.d.ts).

/**
 * Stop a background Monitor. 0.32.18 answers "Monitor not found" for any other id (a
 * background Bash included): only `kind: "monitor"` processes can be stopped this way.
 */
export const MonitorStopCommand = z.strictObject({
  type: z.literal("monitor_stop"),
  request_id: z.string(),
  runtime: AgentRuntimeScopeSchema,
  process_id: z.string(),
});
export type MonitorStopCommand = z.infer<typeof MonitorStopCommand>;

/** Start a subagent in the background; the parent conversation is told when it ends. */
export const LaunchSubagentCommand = z.strictObject({
  type: z.literal("launch_subagent"),
  request_id: z.string(),
  runtime: AgentRuntimeScopeSchema,
  args: z.strictObject({
    // Optional in the protocol, but 0.32.18 refuses a launch without it ("Task tool missing
    // required parameter: subagent_type"); "general-purpose" is one it knows.
    subagent_type: z.string().optional(),
    prompt: z.string(),
    description: z.string(),
    client_message_id: z.string().optional(),
    // On the local backend the launch was only seen to work with a model given (SURFACE.md).
    model: z.string().optional(),
    agent_id: z.string().optional(),
    conversation_id: z.string().optional(),
    computer: z.string().optional(),
    max_turns: z.number().optional(),
  }),
  tool_call_id: z.string().optional(),
});
export type LaunchSubagentCommand = z.infer<typeof LaunchSubagentCommand>;
