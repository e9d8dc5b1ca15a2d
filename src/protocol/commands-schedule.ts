import { z } from "zod";

// Schedules (cron_*) and skills (skill_*): device commands with no envelope, answered directly
// (0.32.18 schedule-protocol.d.ts, skill_* in protocol_v2.d.ts). Strict, like every command we
// send: a misspelt field fails here instead of being ignored by the server.

/** An agent's schedules; without agent_id the server lists every agent's. */
export const CronListCommand = z.strictObject({
  type: z.literal("cron_list"),
  request_id: z.string(),
  agent_id: z.string().optional(),
  conversation_id: z.string().optional(),
});

/**
 * A new schedule. Without conversation_id the server aims it at a NEW conversation ("new"),
 * so we always name the one on screen. Without timezone it takes the server's own.
 */
export const CronAddCommand = z.strictObject({
  type: z.literal("cron_add"),
  request_id: z.string(),
  agent_id: z.string(),
  conversation_id: z.string().optional(),
  name: z.string(),
  description: z.string(),
  // Five numeric fields (no names like MON): the server refuses anything else.
  cron: z.string(),
  timezone: z.string().optional(),
  recurring: z.boolean(),
  prompt: z.string(),
  scheduled_for: z.string().nullable().optional(),
});

const byTask = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), request_id: z.string(), task_id: z.string() });
export const CronGetCommand = byTask("cron_get");
/** Run now: queues the prompt as a turn at once (also on a paused schedule). */
export const CronTriggerCommand = byTask("cron_trigger");
export const CronPauseCommand = byTask("cron_pause");
export const CronResumeCommand = z.strictObject({
  type: z.literal("cron_resume"),
  request_id: z.string(),
  task_id: z.string(),
  // Needed only to resume an overdue one-off schedule.
  scheduled_for: z.string().optional(),
});
export const CronDeleteCommand = byTask("cron_delete");

/** Link a skill directory (it must hold SKILL.md) into the server's ~/.letta/skills. */
export const SkillEnableCommand = z.strictObject({
  type: z.literal("skill_enable"),
  request_id: z.string(),
  skill_path: z.string(),
});
/** Remove the link `name` from ~/.letta/skills; anything that is not a link there is refused. */
export const SkillDisableCommand = z.strictObject({
  type: z.literal("skill_disable"),
  request_id: z.string(),
  name: z.string(),
});

export const ScheduleCommands = [
  CronListCommand,
  CronAddCommand,
  CronGetCommand,
  CronTriggerCommand,
  CronPauseCommand,
  CronResumeCommand,
  CronDeleteCommand,
  SkillEnableCommand,
  SkillDisableCommand,
] as const;
