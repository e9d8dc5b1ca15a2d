import { contentText, parseDelta, userContentText, type ToolCallChunk } from "../protocol/deltas.js";
import { oldestFirst } from "../store/history.js";
import { withoutInjectedContext } from "../store/injected.js";
import { toolReturnText } from "../store/transcript.js";
import { escapeControls } from "./sanitize.js";

// /export's file: the conversation as the server holds it (conversation_messages_list, every
// page), as Markdown a person reads in any viewer. Pure: the pages in, the text out.
//
// The text of messages stays verbatim (replies are Markdown already), with one exception: a
// control character (ESC, BEL, a lone CR...) becomes its visible escape, as on screen, so
// `cat`-ing the file cannot drive the terminal. Tool arguments and results are fenced with a
// fence longer than any backtick run inside, so nothing in them can close it early.

export interface ExportHeader {
  /** The conversation's title, if it has one. */
  title?: string | undefined;
  agentId: string;
  conversationId: string;
  /** When the export was made (ISO 8601). */
  at: string;
}

/** Text for the file: CRLF as LF, every other control character visible. */
export function fileText(text: string): string {
  return escapeControls(text.replace(/\r\n/g, "\n"));
}

/** A fenced block that `body` cannot close: the fence is longer than any backtick run in it. */
export function fenced(body: string, info = ""): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${fileText(body)}\n${fence}`;
}

/** Arguments as sent are a JSON string: indented when they parse, verbatim when not. */
function argumentsBlock(args: string): string {
  try {
    return fenced(JSON.stringify(JSON.parse(args), null, 2), "json");
  } catch {
    return fenced(args);
  }
}

/** One line of plain text (a tool's name, a title): folded, escaped, no Markdown of its own. */
const inline = (text: string) => fileText(text).replace(/\n+/g, " ").replace(/([\\`*_[\]<>#|])/g, "\\$1");

/** Sections of the file, shared with the reader (reader/lines.ts), which draws the store's items the same way. */
export const youSection = (text: string): string[] => ["## You", "", fileText(text)];
export const agentSection = (text: string): string[] => ["## Agent", "", fileText(text)];
/** Quoted, under its own label: the agent's thinking, not its answer. */
export const reasoningSection = (text: string): string[] => ["### Reasoning", "", ...fileText(text).split("\n").map((l) => (l ? `> ${l}` : ">"))];
export const hiddenReasoningSection = (): string[] => ["### Reasoning", "", "> _(hidden by the model)_"];
export const toolCallSection = (name: string, args: string): string[] => [`### Tool call: ${inline(name)}`, "", argumentsBlock(args)];
export const toolResultSection = (name: string, error: boolean, text: string): string[] => [`### Result of ${inline(name)}${error ? " (error)" : ""}`, "", fenced(text)];
export const deniedSection = (reason: string | undefined): string[] => [`_Denied${reason ? `: ${inline(reason)}` : ""}_`];

/** The conversation as Markdown; `messages` are the pages as the server sent them, in any order. */
export function conversationMarkdown(messages: readonly unknown[], header: ExportHeader): string {
  const out: string[] = [
    `# ${header.title ? inline(header.title) : "Conversation"}`,
    "",
    `- agent: \`${header.agentId}\``,
    `- conversation: \`${header.conversationId}\``,
    `- exported: ${header.at}`,
  ];
  const sections = conversationSections(messages);
  for (const lines of sections) out.push("", ...lines);
  if (sections.length === 0) out.push("", "_(no messages)_");
  return `${out.join("\n")}\n`;
}

/** Each message's section(s), oldest first: what the person and the agent said, tool calls and results. */
export function conversationSections(messages: readonly unknown[]): string[][] {
  const out: string[][] = [];
  const section = (lines: string[]) => out.push(lines);
  // A tool's name by its call id: its result names the tool it answers.
  const tools = new Map<string, string>();
  const seenCalls = new Set<string>();
  for (const raw of oldestFirst([...messages])) {
    const d = parseDelta(raw);
    switch (d.message_type) {
      case "user_message": {
        // Context Letta Code adds for the model (<system-reminder>) was never said by the person.
        const text = withoutInjectedContext(userContentText(d.content)).trim();
        if (text) section(youSection(text));
        break;
      }
      case "assistant_message": {
        const text = contentText(d.content).trim();
        if (text) section(agentSection(text));
        break;
      }
      case "reasoning_message": {
        const text = (d.reasoning ?? "").trim();
        if (text) section(reasoningSection(text));
        break;
      }
      case "hidden_reasoning_message":
        section(hiddenReasoningSection());
        break;
      case "tool_call_message":
      case "approval_request_message": {
        // Newer servers send both `tool_calls` and the deprecated `tool_call` with the same chunk.
        const chunks: ToolCallChunk[] = d.tool_calls?.length ? d.tool_calls : d.tool_call ? [d.tool_call] : [];
        for (const c of chunks) {
          const id = c.tool_call_id ?? "";
          // One call listed twice (an approval request, then the call) is written once.
          if (id && seenCalls.has(id)) continue;
          if (id) seenCalls.add(id);
          const name = c.name ?? "tool";
          if (id) tools.set(id, name);
          section(toolCallSection(name, c.arguments ?? ""));
        }
        break;
      }
      case "tool_return_message": {
        const returns = d.tool_returns?.length
          ? d.tool_returns
          : d.tool_call_id
            ? [{ tool_call_id: d.tool_call_id, status: d.status, tool_return: d.tool_return, stdout: d.stdout, stderr: d.stderr }]
            : [];
        for (const r of returns) section(toolResultSection(tools.get(r.tool_call_id) ?? "tool", r.status === "error", toolReturnText(r.tool_return, r.stdout, r.stderr, 2)));
        break;
      }
      case "approval_response_message":
        if (d.approve === false) section(deniedSection(d.reason ?? undefined));
        break;
      // The system prompt, events and usage are context, not the conversation.
      default:
        break;
    }
  }
  return out;
}
