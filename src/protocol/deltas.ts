import { z } from "zod";
import { LettaMessageDeltas, type MessageContent } from "./letta.js";
import { isExactDelta } from "./hotFrames.js";
import { LifecycleDeltas } from "./lifecycle.js";

// Stream deltas (PROTOCOL §4.1): Letta messages (letta.ts) and Letta Code lifecycle deltas
// (lifecycle.ts), told apart by `message_type` alone.

export {
  ApprovalResponseMessageDelta,
  AssistantMessageDelta,
  ErrorMessageDelta,
  EventMessageDelta,
  HiddenReasoningDelta,
  LettaMessageSchema,
  MessageContentSchema,
  ReasoningMessageDelta,
  StopReasonDelta,
  SummaryMessageDelta,
  SystemMessageDelta,
  ToolCallDelta,
  ToolReturnDelta,
  UsageStatisticsDelta,
  UserMessageDelta,
} from "./letta.js";
export type { LettaMessage, MessageContent, ToolCallChunk, ToolReturn } from "./letta.js";
export {
  ClassificationEndDelta,
  ClientToolEndDelta,
  ClientToolStartDelta,
  CommandEndDelta,
  CommandStartDelta,
  LoopErrorDelta,
  RetryDelta,
  SlashCommandEndDelta,
  SlashCommandStartDelta,
  StatusDelta,
} from "./lifecycle.js";

export const KnownDeltaSchema = z.discriminatedUnion("message_type", [...LettaMessageDeltas, ...LifecycleDeltas]);
export type KnownDelta = z.infer<typeof KnownDeltaSchema>;

/** A delta we could not recognise: kept whole so the debug view can show it. */
export interface UnknownDelta {
  message_type: "unknown";
  original_type: string;
  raw: Record<string, unknown>;
}
export type Delta = KnownDelta | UnknownDelta;

/** Never throws: unknown or malformed deltas become an `UnknownDelta`. */
export function parseDelta(raw: unknown): Delta {
  // A delta its schema takes exactly as it is (hotFrames.ts): no zod pass, no copy.
  if (isExactDelta(raw)) return raw;
  const parsed = KnownDeltaSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const obj = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const type = typeof obj.message_type === "string" ? obj.message_type : "(no message_type)";
  return { message_type: "unknown", original_type: type, raw: obj };
}

/**
 * Text of a user message's content: an image part (history keeps its base64) reads as
 * "[Image #1 image/png 68 B]", so a row says an image was there and never holds its data.
 */
export function userContentText(content: MessageContent | undefined): string {
  if (content === undefined || typeof content === "string") return contentText(content);
  let n = 0;
  return content
    .map((p) => {
      if (p.type !== "image") return p.text ?? "";
      const source = typeof p.source === "object" && p.source !== null ? (p.source as Record<string, unknown>) : {};
      const media = typeof source.media_type === "string" ? ` ${source.media_type}` : "";
      const bytes = typeof source.data === "string" ? ` ${sizeText(Math.floor((source.data.replace(/=+$/, "").length * 3) / 4))}` : "";
      return `[Image #${++n}${media}${bytes}]`;
    })
    .join("");
}

/** "68 B", "34 KB", "4.2 MB": a file's size as an image chip shows it. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Text of a content field that may be a string or an array of parts (non-text parts drop out). */
export function contentText(content: MessageContent | undefined): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((p) => p.text ?? "").join("");
}
