import { parseDelta } from "../../protocol/deltas.js";
import type { TranscriptItem } from "../../store/state.js";
import { textRowKey } from "../../store/transcript.js";
import {
  agentSection,
  conversationSections,
  deniedSection,
  hiddenReasoningSection,
  reasoningSection,
  toolCallSection,
  toolResultSection,
  youSection,
} from "../exportMarkdown.js";
import { memoryDiffLines, memoryHeadline } from "../memoryChangeText.js";
import { escapeControls, sanitize } from "../sanitize.js";

// What the reader shows: the conversation as /export writes it (exportMarkdown.ts), one string
// per line as drawn. The newest part is what the store already holds (its transcript items,
// streamed or loaded), the older part the server's pages read as the person goes back; a page
// message the store holds already is left out, so nothing is shown twice.

/** The store's item as the export's section(s) would show its message. */
export function itemSections(item: TranscriptItem): string[][] {
  switch (item.kind) {
    case "user":
      return item.text.trim() ? [youSection(item.text.trim())] : [];
    case "assistant":
      return item.text.trim() ? [agentSection(item.text.trim())] : [];
    case "reasoning":
      return item.text.trim() ? [item.text === "(thinking hidden)" ? hiddenReasoningSection() : reasoningSection(item.text.trim())] : [];
    case "tool": {
      const call = toolCallSection(item.name, item.args);
      if (item.status === "denied") return [call, deniedSection(undefined)];
      return item.output === undefined ? [call] : [call, toolResultSection(item.name, item.status === "error", item.output)];
    }
    // Ours, not the server's (a line a command left, an error): shown as on screen.
    case "notice":
      return [[`· ${escapeControls(item.text)}`]];
    case "command":
      return [[`▸ ${escapeControls(item.title)}`, ...(item.text ? ["", escapeControls(item.text)] : [])]];
    // A memory commit's line and its diff, uncoloured: the diff is searchable here.
    case "memory":
      return [[`◆ ${memoryHeadline(item)}`, ...memoryDiffLines(item, false)]];
  }
}

/** Sections as lines for the screen: a blank line between sections, every line through sanitize (tabs, escapes). */
export function sectionLines(sections: readonly string[][]): string[] {
  const out: string[] = [];
  for (const s of sections) {
    if (out.length) out.push("");
    for (const part of s) for (const line of part.split("\n")) out.push(sanitize(line));
  }
  return out;
}

/** The store's items as lines. */
export const storeLines = (items: readonly TranscriptItem[]): string[] => sectionLines(items.flatMap(itemSections));

/** Older messages (pages as the server sent them) as lines. */
export const pageLines = (messages: readonly unknown[]): string[] => sectionLines(conversationSections(messages));

/** The keys of the store's items (`user:…`, `assistant:…`, `tool:…`): what a page message is matched against. */
export const heldKeys = (items: readonly TranscriptItem[]): Set<string> => new Set(items.map((i) => i.key));

/** Whether the store already holds this server message (so the page leaves it out). */
export function heldByStore(raw: unknown, held: ReadonlySet<string>): boolean {
  const d = parseDelta(raw);
  const keys: string[] = [];
  switch (d.message_type) {
    case "user_message":
      if (d.otid) keys.push(`user:${d.otid}`);
      if (d.id) keys.push(`user:${d.id}`);
      break;
    case "assistant_message":
    case "reasoning_message":
    case "hidden_reasoning_message": {
      const key = textRowKey(d);
      if (key) keys.push(key);
      break;
    }
    case "tool_call_message":
    case "approval_request_message":
      for (const c of d.tool_calls?.length ? d.tool_calls : d.tool_call ? [d.tool_call] : []) if (c.tool_call_id) keys.push(`tool:${c.tool_call_id}`);
      break;
    // A denial answers a call: held with it.
    case "approval_response_message":
      for (const a of d.approvals ?? []) if (a.tool_call_id) keys.push(`tool:${a.tool_call_id}`);
      break;
    case "tool_return_message":
      for (const r of d.tool_returns ?? []) keys.push(`tool:${r.tool_call_id}`);
      if (d.tool_call_id) keys.push(`tool:${d.tool_call_id}`);
      break;
    default:
      return false;
  }
  return keys.some((k) => held.has(k));
}
