import { z } from "zod";
import { response } from "./wire.js";

// Answers to the schedule and skill commands (commands-schedule.ts). Loose: the server adds
// fields between versions; we type what the views read.

/** One scheduled prompt. It carries no next-run time: src/ui/cron/next.ts works it out. */
export const CronTaskSchema = z.looseObject({
  id: z.string(),
  agent_id: z.string().optional(),
  conversation_id: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  cron: z.string(),
  // IANA zone the expression is read in (the server's own unless given).
  timezone: z.string().optional(),
  recurring: z.boolean().optional(),
  prompt: z.string().optional(),
  // "active" | "paused" | "fired" | "missed" | "cancelled" on 0.32.18.
  status: z.string(),
  created_at: z.string().optional(),
  last_run_at: z.string().nullable().optional(),
  last_run_outcome: z.string().nullable().optional(),
  last_run_error: z.string().nullable().optional(),
  fire_count: z.number().optional(),
  // The scheduler fires this long after the matching minute (spreads load).
  jitter_offset_ms: z.number().optional(),
  // A one-off schedule's time.
  scheduled_for: z.string().nullable().optional(),
});
export type CronTask = z.infer<typeof CronTaskSchema>;

export const CronListResponse = z.looseObject({
  ...response,
  type: z.literal("cron_list_response"),
  tasks: z.array(CronTaskSchema).default([]),
});
/** `warning`: saved, but no scheduler is running to fire it. */
export const CronAddResponse = z.looseObject({
  ...response,
  type: z.literal("cron_add_response"),
  task: CronTaskSchema.optional(),
  warning: z.string().optional(),
});
const taskAnswer = <T extends string>(type: T) =>
  z.looseObject({ ...response, type: z.literal(type), found: z.boolean().optional(), task: CronTaskSchema.nullable().optional() });
export const CronGetResponse = taskAnswer("cron_get_response");
export const CronTriggerResponse = taskAnswer("cron_trigger_response");
export const CronPauseResponse = taskAnswer("cron_pause_response");
export const CronResumeResponse = taskAnswer("cron_resume_response");
export const CronDeleteResponse = z.looseObject({ ...response, type: z.literal("cron_delete_response"), found: z.boolean().optional() });

/** 0.32.18 answers `name` (its .d.ts says skill_name); both are read. */
export const SkillEnableResponse = z.looseObject({
  ...response,
  type: z.literal("skill_enable_response"),
  name: z.string().optional(),
  skill_name: z.string().optional(),
  skill_path: z.string().optional(),
  link_path: z.string().optional(),
});
export const SkillDisableResponse = z.looseObject({
  ...response,
  type: z.literal("skill_disable_response"),
  name: z.string().optional(),
  skill_name: z.string().optional(),
});

export const ScheduleResponses = [
  CronListResponse,
  CronAddResponse,
  CronGetResponse,
  CronTriggerResponse,
  CronPauseResponse,
  CronResumeResponse,
  CronDeleteResponse,
  SkillEnableResponse,
  SkillDisableResponse,
] as const;
