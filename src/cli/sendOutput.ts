import { createInterface, type Interface } from "node:readline";
import { cutDeepInPlace } from "../protocol/depth.js";
import { archivedFrom, liveItems } from "../store/archive.js";
import type { ApprovalCard, NoticeLevel, ToolStatus, Transcript, TranscriptItem, UserQuestion } from "../store/state.js";
import { isShellTool, summarizeArgs } from "../ui/format.js";
import { sanitize, sanitizeLine } from "../ui/sanitize.js";

/**
 * What `letta-tui send` reports, one event per change to the transcript. With --json each is
 * printed as one JSON object per line (NDJSON); the shape is a public interface, so fields are
 * only ever added, never renamed or removed:
 *
 *   {"type":"attached","agent_id":"agent-…","conversation_id":"conv-…"}  first line, always
 *   {"type":"assistant_delta","id":"…","text":"…"}     new text of a reply; same id = same message
 *   {"type":"reasoning_delta","id":"…","text":"…"}     new reasoning text (not shown in text mode)
 *   {"type":"tool_call","id":"<tool_call_id>","name":"Bash","args":{…}}
 *        args is the parsed arguments object; a string only if the model's arguments are not JSON
 *   {"type":"tool_result","id":"<tool_call_id>","name":"Bash","status":"success|error|denied","output":"…"}
 *   {"type":"approval","id":"perm-…","tool":"Bash","decision":"allow|deny","reason":"…"}
 *        reason only on deny
 *   {"type":"notice","level":"info|success|warning","text":"…"}
 *   {"type":"error","message":"…"}                     from the server, or why send gave up
 *   {"type":"turn_finished","stop_reason":"end_turn","error":"…"}   last line; error optional
 *
 * Every string is passed through sanitize(): no escape sequences or control characters except
 * \n, so a hostile server cannot reach the terminal of whoever pipes this output to it.
 */
export type SendEvent =
  | { type: "attached"; agent_id: string | null; conversation_id: string }
  | { type: "assistant_delta"; id: string; text: string }
  | { type: "reasoning_delta"; id: string; text: string }
  | { type: "tool_call"; id: string; name: string; args: unknown }
  | { type: "tool_result"; id: string; name: string; status: "success" | "error" | "denied"; output: string }
  | { type: "approval"; id: string; tool: string; decision: "allow" | "deny"; reason?: string }
  | { type: "notice"; level: Exclude<NoticeLevel, "error">; text: string }
  | { type: "error"; message: string }
  | { type: "turn_finished"; stop_reason: string; error?: string };

export interface Writer {
  write(text: string): unknown;
}

interface Seen {
  /** Characters of a growing text item already reported (items only ever append). */
  text: number;
  called: boolean;
  finished: boolean;
}

/**
 * Turns successive transcript snapshots into events. The archive only ever grows at its end, so
 * items that finished between two snapshots are exactly the archive from the last count on.
 */
export class TranscriptFollower {
  private readonly seen = new Map<string, Seen>();
  private archived: number;

  /**
   * @param skip keys present at attach: backfilled history, not part of this turn
   * @param denied tool_call_ids we denied, so their result reads "denied" even when the error
   *   result overtakes the acknowledgement of our answer
   */
  constructor(
    start: Transcript,
    private readonly skip: ReadonlySet<string>,
    private readonly denied: ReadonlySet<string>,
  ) {
    this.archived = start.archived;
  }

  diff(t: Transcript): SendEvent[] {
    const items = [...archivedFrom(t, this.archived), ...liveItems(t)];
    this.archived = t.archived;
    const out: SendEvent[] = [];
    for (const item of items) if (!this.skip.has(item.key)) this.itemEvents(item, out);
    return out;
  }

  private itemEvents(item: TranscriptItem, out: SendEvent[]): void {
    let s = this.seen.get(item.key);
    if (!s) {
      s = { text: 0, called: false, finished: false };
      this.seen.set(item.key, s);
    }
    const id = item.key.slice(item.key.indexOf(":") + 1);
    switch (item.kind) {
      case "assistant":
      case "reasoning": {
        const end = item.done ? item.text.length : wholeSequencesEnd(item.text, s.text);
        if (end > s.text) {
          out.push({ type: item.kind === "assistant" ? "assistant_delta" : "reasoning_delta", id, text: item.text.slice(s.text, end) });
          s.text = end;
        }
        return;
      }
      case "tool":
        // Arguments stream in chunks; once the status moves on, they are complete.
        if (!s.called && (item.status !== "streaming" || item.done)) {
          s.called = true;
          out.push({ type: "tool_call", id: item.toolCallId, name: item.name, args: parseArgs(item.args) });
        }
        if (!s.finished && (item.done || (isFinal(item.status) && item.output !== undefined && item.outputFinal === true))) {
          s.finished = true;
          const status = this.denied.has(item.toolCallId) ? "denied" : isFinal(item.status) ? item.status : "error";
          out.push({ type: "tool_result", id: item.toolCallId, name: item.name, status, output: item.output ?? "" });
        }
        return;
      case "notice":
        if (s.finished) return;
        s.finished = true;
        out.push(item.level === "error" ? { type: "error", message: item.text } : { type: "notice", level: item.level, text: item.text });
        return;
      case "user":
        // Our own message is known to the caller; other clients' inputs are not our reply.
        return;
    }
  }
}

/**
 * How far text may be reported while it still streams. sanitize() shows every control character
 * as its own visible escape, so text cut anywhere reads the same as the whole, but for one case:
 * a CRLF split across two deltas would show its CR. A trailing CR waits for the next delta.
 */
function wholeSequencesEnd(text: string, from: number): number {
  return text.endsWith("\r") && text.length > from ? text.length - 1 : text.length;
}

function isFinal(s: ToolStatus): s is "success" | "error" | "denied" {
  return s === "success" || s === "error" || s === "denied";
}

function parseArgs(text: string): unknown {
  try {
    const value = JSON.parse(text) as unknown;
    // Written out again as JSON (and walked by clean()): bounded like every frame (depth.ts).
    cutDeepInPlace(value);
    return value;
  } catch {
    return text;
  }
}

export interface Printer {
  emit(event: SendEvent): void;
  /** Called once, last: finish any open line. */
  end(): void;
}

function clean(value: unknown): unknown {
  if (typeof value === "string") return sanitize(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [sanitize(k), clean(v)]));
  return value;
}

export function jsonPrinter(out: Writer): Printer {
  return {
    emit: (event) => void out.write(`${JSON.stringify(clean(event))}\n`),
    end: () => undefined,
  };
}

/**
 * Plain text: the reply and tool activity on stdout, everything about the run on stderr. No
 * colour or cursor movement, so the output reads the same in a file as on a terminal.
 */
export function textPrinter(out: Writer, err: Writer): Printer {
  let atLineStart = true;
  let streaming: string | undefined;
  const endLine = () => {
    if (!atLineStart) out.write("\n");
    atLineStart = true;
    streaming = undefined;
  };
  const line = (text: string) => {
    endLine();
    out.write(`${text}\n`);
  };
  // A note in the middle of a streamed line would split it on a terminal; finish the line first.
  const note = (text: string) => {
    endLine();
    err.write(`${text}\n`);
  };
  return {
    emit(event) {
      switch (event.type) {
        case "assistant_delta": {
          const text = sanitize(event.text);
          if (!text) return;
          if (streaming !== event.id) endLine();
          out.write(text);
          atLineStart = text.endsWith("\n");
          streaming = event.id;
          return;
        }
        case "tool_call": {
          const args = typeof event.args === "string" ? event.args : (JSON.stringify(event.args) ?? "");
          return line(`[tool] ${sanitizeLine(event.name)} ${sanitizeLine(summarizeArgs(event.name, args))}`);
        }
        case "tool_result": {
          const prefix = event.status === "success" ? "[result]" : `[result] (${event.status})`;
          const lines = sanitize(event.output).replace(/\n+$/, "").split("\n");
          return line([`${prefix} ${lines[0] ?? ""}`.trimEnd(), ...lines.slice(1).map((l) => `  ${l}`)].join("\n"));
        }
        case "approval": {
          const what = event.decision === "allow" ? "allowed" : "denied";
          return note(`[approval] ${what} ${sanitizeLine(event.tool)}${event.reason ? `: ${sanitizeLine(event.reason)}` : ""}`);
        }
        case "notice":
          return note(`[${event.level}] ${sanitizeLine(event.text)}`);
        case "error":
          return note(`[error] ${sanitizeLine(event.message)}`);
        case "attached":
        case "reasoning_delta":
        case "turn_finished":
          return;
      }
    },
    end: endLine,
  };
}

/** Asks on stderr and reads one line per question from the terminal, one question at a time. */
export class LinePrompter {
  private readonly rl: Interface;
  private readonly lines: AsyncIterator<string>;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    input: NodeJS.ReadableStream,
    private readonly err: Writer,
  ) {
    this.rl = createInterface({ input, terminal: false });
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  /** The line typed, or null once input has ended or the prompter is closed. */
  ask(prompt: string): Promise<string | null> {
    const next = this.chain.then(async () => {
      this.err.write(prompt);
      const line = await this.lines.next();
      return line.done === true ? null : line.value;
    });
    this.chain = next.catch(() => undefined);
    return next.catch(() => null);
  }

  close(): void {
    this.rl.close();
  }
}

/** y or yes allows; anything else, or the end of input, denies. */
export async function askApproval(prompter: LinePrompter, card: ApprovalCard): Promise<boolean> {
  const detail = isShellTool(card.toolName) && typeof card.input.command === "string" ? "" : `\n  ${sanitizeLine(JSON.stringify(card.input)).slice(0, 2000)}`;
  const line = await prompter.ask(`[approval] ${sanitizeLine(card.toolName)} ${sanitizeLine(summarizeArgs(card.toolName, card.input))}${detail}\nAllow? [y/N] `);
  return line !== null && /^\s*y(es)?\s*$/i.test(line);
}

/** The answer for an ask_user question (a number picks an option), or null to decline. */
export async function askQuestion(prompter: LinePrompter, q: UserQuestion): Promise<string | null> {
  const options = (q.options ?? []).map((o, i) => `\n  ${i + 1}. ${sanitizeLine(o)}`).join("");
  const hint = options ? " (a number picks an option)" : "";
  const line = (await prompter.ask(`[question] ${sanitizeLine(q.question)}${options}\nAnswer${hint}, or an empty line to decline: `))?.trim();
  if (!line) return null;
  return q.options?.[Number(line) - 1] ?? line;
}
