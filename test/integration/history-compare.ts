import type { Session } from "../../src/cli/session.js";
import { fetchHistory } from "../../src/controller/attach.js";
import type { TranscriptItem } from "../../src/store/state.js";
import { AppServerClient } from "../../src/transport/client.js";
import { activeScope, transcript, waitFor, type LettaServer } from "./support.js";

// "The transcript equals the server's history": every message the server holds shows exactly
// once, whole, in its order. Written apart from the store's own merge (history.ts), so a bug
// there cannot hide in both.

/** One row as compared: its key and its text (a tool row: its name and result). */
export type Row = [key: string, text: string];

type Message = Record<string, unknown> & { message_type?: string; id?: string; otid?: string; date?: string };

const INJECTED = /<(system-reminder|system-alert)>[\s\S]*?<\/\1>\s*/g;

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p: { text?: unknown }) => (typeof p?.text === "string" ? p.text : "")).join("");
}

/** The rows a page of conversation_messages_list (order desc) should show, oldest first. */
export function rowsOfHistory(page: unknown[]): Row[] {
  const rows: Row[] = [];
  const tools = new Map<string, Row>();
  for (const m of [...(page as Message[])].reverse()) {
    if (m.message_type === "user_message") {
      const text = textOf(m.content).replace(INJECTED, "");
      if (text.trim()) rows.push([`user:${m.otid ?? m.id}`, text]);
    } else if (m.message_type === "assistant_message") {
      rows.push([`assistant:${m.id}`, textOf(m.content)]);
    } else if (m.message_type === "approval_request_message" || m.message_type === "tool_call_message") {
      const calls = (m.tool_calls ?? (m.tool_call ? [m.tool_call] : [])) as { tool_call_id: string; name: string }[];
      for (const c of calls) {
        const row: Row = [`tool:${c.tool_call_id}`, `${c.name}`];
        tools.set(c.tool_call_id, row);
        rows.push(row);
      }
    } else if (m.message_type === "tool_return_message") {
      const row = tools.get(String(m.tool_call_id));
      if (row) row[1] += ` -> ${typeof m.tool_return === "string" ? m.tool_return : JSON.stringify(m.tool_return)}`;
    }
  }
  return rows;
}

/**
 * The rows the session shows for server messages. Notes are ours, and so is a reply marked
 * interrupted that the server kept no part of; a cut tool call the server lists stays.
 */
export function rowsOfTranscript(items: TranscriptItem[], serverKeys: ReadonlySet<string>): Row[] {
  return items.flatMap((i): Row[] => {
    if (i.kind === "notice" || i.kind === "memory" || (i.interrupted && !serverKeys.has(i.key))) return [];
    if (i.kind === "tool") return [[i.key, `${i.name}${i.output !== undefined ? ` -> ${i.output}` : ""}`]];
    return i.kind === "reasoning" ? [] : [[i.key, i.text]];
  });
}

/** The server's history of the session's conversation, read on a connection of its own. */
export async function serverHistory(server: LettaServer, s: Session): Promise<unknown[]> {
  const side = await AppServerClient.connect(server.url, { onFrame() {}, onStatus() {}, onReconnected() {} });
  try {
    return await fetchHistory(side, activeScope(s));
  } finally {
    side.close();
  }
}

/** Poll until the session shows what the server holds; the last rows of both when it never does. */
export async function untilTranscriptMatches(server: LettaServer, s: Session, timeoutMs = 30_000): Promise<Row[]> {
  let last = { expected: [] as Row[], shown: [] as Row[] };
  return waitFor(
    "the transcript to match the server's history",
    async () => {
      const expected = rowsOfHistory(await serverHistory(server, s));
      const shown = rowsOfTranscript(transcript(s), new Set(expected.map(([key]) => key)));
      last = { expected, shown };
      // The page holds the newest 50 messages: the session may show older ones before them.
      return JSON.stringify(shown.slice(-expected.length)) === JSON.stringify(expected) && expected.length > 0 && expected;
    },
    { timeoutMs, everyMs: 200, context: () => `--- server ---\n${JSON.stringify(last.expected, null, 1)}\n--- shown ---\n${JSON.stringify(last.shown, null, 1)}` },
  );
}
