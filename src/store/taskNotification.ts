// Background work reports back as a user message in XML (letta-code's formatTaskNotification):
//
//   <task-notification>
//   <task-id>bash_2</task-id>
//   <status>failed</status>
//   <summary>Background command "sleep 2; exit 3" failed</summary>
//   <result>$ sleep 2; exit 3\n\nExit code: 3\n\n[stdout]\n…</result>
//   <usage>duration_ms: 2015</usage>
//   </task-notification>
//   Full transcript available at: /tmp/…/bash_2.log
//
// 0.32.18 queues it and it starts a turn by itself, so it arrives as a user_message nobody typed.
// Monitors send one per event (no <status>: the monitor goes on); reflection sends only a
// summary. These are read here once, for the transcript's label and for the tasks panel.

/** What one notification says. */
export interface TaskNotice {
  /** bash_2, monitor_…, task_1; absent in reflection notices. */
  readonly taskId?: string;
  /** "completed" or "failed" when the task ended; absent for a monitor's event. */
  readonly status?: string;
  readonly summary?: string;
  /** From "Exit code: N" in a background Bash's result. */
  readonly exitCode?: number;
  readonly durationMs?: number;
  /** A subagent's result names it (subagent_id=…): the panel lists subagents by that id. */
  readonly subagentId?: string;
  /** A monitor's event line. */
  readonly event?: string;
}

const OPEN = "<task-notification>";
const BLOCK = /<task-notification>([\s\S]*?)(?:<\/task-notification>|$)(?:[ \t]*\n?Full transcript available at:[^\n]*\n?)?/g;

/** The server escapes &, < and > in what it puts in the XML (escapeXml). */
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unescape(m[1]!).trim() : undefined;
}

function parseOne(xml: string): TaskNotice {
  const result = tag(xml, "result");
  const exit = result ? /(?:^|\n)Exit code: (-?\d+)/.exec(result)?.[1] : undefined;
  const duration = tag(xml, "usage")?.match(/duration_ms:\s*(\d+)/)?.[1];
  const fields: Record<string, string | number | undefined> = {
    taskId: tag(xml, "task-id") || undefined,
    status: tag(xml, "status") || undefined,
    summary: tag(xml, "summary") || undefined,
    exitCode: exit !== undefined ? Number(exit) : undefined,
    durationMs: duration !== undefined ? Number(duration) : undefined,
    subagentId: result?.match(/\bsubagent_id=(\S+)/)?.[1],
    event: tag(xml, "event") || undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as TaskNotice;
}

/**
 * The notifications a user message carries, and what else it says (usually nothing); undefined
 * when it does not start with one (an ordinary message that only quotes the tag stays a message).
 */
export function taskNotices(text: string): { notices: TaskNotice[]; rest: string } | undefined {
  if (!text.trimStart().startsWith(OPEN)) return undefined;
  const notices = [...text.matchAll(BLOCK)].map((m) => parseOne(m[1]!));
  return { notices, rest: text.replace(BLOCK, "").trim() };
}

/**
 * The transcript's line for one: what finished, how, and that the turn after it is the agent
 * answering it, not the person: "⚙ background task bash_2 failed (exit code 3): Background
 * command "sleep 2; exit 3" failed".
 */
export function taskNoticeLine(n: TaskNotice): string {
  const who = n.taskId ? `background task ${n.taskId}` : "background task";
  const how = n.status ? ` ${n.status}` : "";
  const exit = n.exitCode !== undefined ? ` (exit code ${n.exitCode})` : "";
  const what = [n.summary, n.event].filter(Boolean).join(" · ") || "an update";
  return `⚙ ${who}${how}${exit}: ${what}`;
}
