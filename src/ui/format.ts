import { boundedJson, cutDeepInPlace } from "../protocol/depth.js";
import { sanitizeLine } from "./sanitize.js";

const LOOP_WORDS: Record<string, string> = {
  WAITING_ON_INPUT: "idle",
  SENDING_API_REQUEST: "sending",
  WAITING_FOR_API_RESPONSE: "waiting for the model",
  RETRYING_API_REQUEST: "retrying",
  PROCESSING_API_RESPONSE: "responding",
  EXECUTING_CLIENT_SIDE_TOOL: "running tools",
  EXECUTING_COMMAND: "running a command",
  WAITING_ON_APPROVAL: "waiting for approval",
};

export function loopWords(status: string | undefined): string {
  if (!status) return "—";
  return LOOP_WORDS[status] ?? sanitizeLine(status.toLowerCase().replace(/_/g, " "));
}

/** "agent-local-a336…" -> a short, still recognisable id for the status line. */
export function shortId(id: string | null | undefined, keep = 8): string {
  if (!id) return "—";
  const tail = id.replace(/^(agent-local-|agent-|local-conv-|conv-)/, "");
  const prefix = id.slice(0, id.length - tail.length);
  return tail.length > keep ? `${prefix}${tail.slice(0, keep)}…` : id;
}

export function homeRelative(path: string | null | undefined): string {
  if (!path) return "—";
  const home = process.env.HOME;
  return home && path.startsWith(home) ? `~${path.slice(home.length)}` : path;
}

/** Tools that run shell commands (write_stdin feeds one that is running). The one list of them. */
const SHELL_TOOLS = new Set(["Bash", "shell", "shell_command", "exec_command", "write_stdin", "run_shell_command"]);

export function isShellTool(name: string): boolean {
  return SHELL_TOOLS.has(name);
}

const SUMMARY_CHARS = 2000;

/** A one-glance summary of tool arguments: the command for shells, compact JSON otherwise. */
export function summarizeArgs(toolName: string, args: Record<string, unknown> | string): string {
  let obj: unknown = args;
  if (typeof args === "string") {
    try {
      obj = JSON.parse(args);
    } catch {
      return args;
    }
    // Arguments streamed by the server: as deep as it likes (see depth.ts).
    cutDeepInPlace(obj);
  }
  if (obj && typeof obj === "object") {
    const rec = obj as Record<string, unknown>;
    if (isShellTool(toolName) && typeof rec.command === "string") return `$ ${rec.command}`;
    if (typeof rec.file_path === "string") return rec.file_path;
  }
  // One line, cut by the view to the terminal's width: a megabyte of JSON would only cost time.
  return boundedJson(obj, { maxChars: SUMMARY_CHARS });
}

/** Keep the last `max` lines, noting how many were cut, so live output never outgrows the screen. */
export function tailLines(text: string, max: number): string {
  const lines = text.split("\n");
  if (lines.length <= max) return text;
  return [`… ${lines.length - max} more lines`, ...lines.slice(-max)].join("\n");
}

/** 950 -> "950", 12_345 -> "12.3k", 2_500_000 -> "2.5M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
