import { z } from "zod";
import { ControlRequestFrame } from "./approval.js";
import { Notifications } from "./notifications.js";
import { AgentResponses } from "./responses-agents.js";
import { DataResponses } from "./responses-data.js";
import { MemoryResponses } from "./responses-memory.js";
import { RuntimeResponses } from "./responses.js";
import { ScheduleResponses } from "./responses-schedule.js";
import { TurnFinished, UpdateDeviceStatus, UpdateLoopStatus, UpdateQueue, UpdateSubagentState } from "./status.js";
import { envelope } from "./wire.js";

// Server -> client frames (PROTOCOL §2.1, §3, §4). The zod schemas are the only source of
// these types. Enveloped events carry `runtime` + `event_seq`; direct responses do not.
// Grouped by file: responses*.ts (answers), status.ts (snapshots), approval.ts (prompts),
// notifications.ts (everything else); this module joins them into one union.

export * from "./approval.js";
export * from "./notifications.js";
export * from "./responses-data.js";
export * from "./responses-agents.js";
export * from "./responses.js";
export * from "./responses-schedule.js";
export * from "./responses-memory.js";
export * from "./status.js";
export { AgentSchema, ConversationSchema, type Agent, type Conversation } from "./wire.js";

export const StreamDeltaFrame = z.looseObject({
  ...envelope,
  type: z.literal("stream_delta"),
  // Parsed separately by parseDelta so one odd delta never rejects the whole frame.
  delta: z.unknown(),
  // Present for a subagent's deltas: they belong under its Task row, not the main transcript.
  subagent_id: z.string().nullable().optional(),
});

export const KnownFrameSchema = z.discriminatedUnion("type", [
  StreamDeltaFrame,
  UpdateLoopStatus,
  UpdateDeviceStatus,
  UpdateQueue,
  UpdateSubagentState,
  TurnFinished,
  ControlRequestFrame,
  ...RuntimeResponses,
  ...DataResponses,
  ...ScheduleResponses,
  ...AgentResponses,
  ...MemoryResponses,
  ...Notifications,
]);
export type KnownFrame = z.infer<typeof KnownFrameSchema>;
export type FrameType = KnownFrame["type"];
