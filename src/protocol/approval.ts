import { z } from "zod";
import { envelope } from "./wire.js";

// The approval prompt (PROTOCOL §4.7, §5.2). A prompt that fails to parse is a card the user
// never sees, so every part that is only decoration (diffs, suggestions) degrades instead of
// rejecting the frame.

export const DiffLineSchema = z.looseObject({
  type: z.enum(["context", "add", "remove"]),
  content: z.string(),
});
export const DiffHunkSchema = z.looseObject({
  oldStart: z.number(),
  oldLines: z.number(),
  newStart: z.number(),
  newLines: z.number(),
  lines: z.array(DiffLineSchema),
});

const UNREADABLE_DIFF = "the server sent a diff preview this client cannot read";

/**
 * One file's preview. `fileName` is a basename: the full path is in the tool input. A preview
 * we cannot read (a new mode, a bad hunk) becomes `unpreviewable` with a reason.
 */
export const DiffPreviewSchema = z
  .discriminatedUnion("mode", [
    z.looseObject({ mode: z.literal("advanced"), fileName: z.string(), hunks: z.array(DiffHunkSchema) }),
    z.looseObject({ mode: z.literal("fallback"), fileName: z.string(), reason: z.string() }),
    z.looseObject({ mode: z.literal("unpreviewable"), fileName: z.string(), reason: z.string() }),
  ])
  .catch((ctx) => {
    const raw = ctx.value;
    const name = typeof raw === "object" && raw !== null ? (raw as { fileName?: unknown }).fileName : undefined;
    return { mode: "unpreviewable" as const, fileName: typeof name === "string" ? name : "", reason: UNREADABLE_DIFF };
  });
export type DiffPreview = z.infer<typeof DiffPreviewSchema>;

export const PermissionSuggestionSchema = z.looseObject({ id: z.string(), text: z.string().optional() });
export type PermissionSuggestion = z.infer<typeof PermissionSuggestionSchema>;

/** The `request` of a control_request, also listed in device_status.pending_control_requests. */
export const ControlRequestBodySchema = z.looseObject({
  subtype: z.string().optional(),
  tool_name: z.string(),
  input: z.record(z.string(), z.unknown()).default({}),
  tool_call_id: z.string().optional(),
  permission_suggestions: z.array(PermissionSuggestionSchema).optional(),
  // Reserved by the server and always null in 0.32.18.
  blocked_path: z.string().nullable().optional(),
  // Only for file tools; recovered approvals (§5.6) have none.
  diffs: z.array(DiffPreviewSchema).optional(),
});
export type ControlRequestBody = z.infer<typeof ControlRequestBodySchema>;

export const ControlRequestFrame = z.looseObject({
  ...envelope,
  type: z.literal("control_request"),
  request_id: z.string(),
  request: ControlRequestBodySchema,
  // Duplicates of runtime.agent_id / conversation_id that the server also sends.
  agent_id: z.string().nullable().optional(),
  conversation_id: z.string().nullable().optional(),
});
export type ControlRequest = z.infer<typeof ControlRequestFrame>;
