import { lstat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { UiActions } from "../../controller/actions.js";
import type { AgentConversation } from "../commands/scope.js";
import { PAGE_SIZE, pageCommand, pageOf } from "../conversationPages.js";
import { conversationMarkdown } from "../exportMarkdown.js";
import { sanitizeLine } from "../sanitize.js";
import { FileExists, writeBesideTaken, writeError, writeNewFile } from "./newFile.js";

// /export carried out: every page of the conversation from the server (the transcript holds
// only what was loaded and streamed), then one new file. The file is made only once all pages
// are in, so a server error leaves nothing half-written; an existing file is never replaced.

/** Messages per page: the server's default, which every 0.32.18 accepts. */
export const EXPORT_PAGE = PAGE_SIZE;
/** A server that says has_more for ever must not keep us reading: 5 000 pages is 250 000 messages. */
const MAX_PAGES = 5000;

export interface ExportJob {
  conversation: AgentConversation;
  title?: string | undefined;
  /** As typed after /export, or undefined for a name of ours in `cwd`. */
  file?: string | undefined;
}

/** Where the file goes: FILE (`~/` is the home folder) against letta-tui's own cwd, or our name there. */
export function exportPath(job: ExportJob, cwd: string, now: Date): { path: string; chosen: boolean } {
  if (job.file) {
    const typed = job.file === "~" || job.file.startsWith("~/") ? path.join(homedir(), job.file.slice(1)) : job.file;
    return { path: path.resolve(cwd, typed), chosen: false };
  }
  // 2026-12-06T22-05-09: sorts by time, and has no colon (Windows, scp).
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, "-");
  const id = job.conversation.conversation_id === "default" ? `${job.conversation.agent_id}-default` : job.conversation.conversation_id;
  return { path: path.join(cwd, `letta-${id.replace(/[^A-Za-z0-9._-]/g, "_")}-${stamp}.md`), chosen: true };
}

/** Every message of the conversation, page by page from the newest (`before` = next_before). */
export async function readWholeConversation(request: UiActions["request"], on: AgentConversation, pageSize = EXPORT_PAGE): Promise<unknown[]> {
  const all: unknown[] = [];
  let before: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const frame = await request(pageCommand(on, before, pageSize), "conversation_messages_list_response");
    const read = pageOf(frame, before);
    all.push(...read.messages);
    if (read.next === undefined) return all;
    before = read.next;
  }
  throw new Error(`stopped after ${MAX_PAGES} pages: the server kept saying there is more`);
}

export interface ExportOutcome {
  ok: boolean;
  /** The line for the transcript: where the file went, or why there is none. */
  text: string;
}

/** The whole of /export after the command: read, write, and the line that says how it went. */
export async function exportConversation(actions: Pick<UiActions, "request">, job: ExportJob, cwd: string, now: Date): Promise<ExportOutcome> {
  const target = exportPath(job, cwd, now);
  const shown = sanitizeLine(target.path);
  // A FILE that is taken is refused before the server is asked for every page.
  if (!target.chosen && (await lstat(target.path).then(() => true, () => false))) {
    return { ok: false, text: `/export: ${shown} already exists: not overwritten (give another FILE)` };
  }
  let messages: unknown[];
  try {
    messages = await readWholeConversation(actions.request, job.conversation);
  } catch (err) {
    return { ok: false, text: `/export: could not read the conversation: ${sanitizeLine(err instanceof Error ? err.message : String(err))}; nothing written` };
  }
  const text = conversationMarkdown(messages, { title: job.title, agentId: job.conversation.agent_id, conversationId: job.conversation.conversation_id, at: now.toISOString() });
  try {
    if (target.chosen) {
      const written = await writeBesideTaken(target.path, text);
      return { ok: true, text: `exported ${messages.length} messages as Markdown to ${sanitizeLine(written)}` };
    }
    await writeNewFile(target.path, text);
    return { ok: true, text: `exported ${messages.length} messages as Markdown to ${shown}` };
  } catch (err) {
    const why = err instanceof FileExists ? `${shown} already exists: not overwritten (give another FILE)` : sanitizeLine(writeError(err));
    return { ok: false, text: `/export: ${why}` };
  }
}
