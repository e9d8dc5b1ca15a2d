import { spawn } from "node:child_process";
import type { ExternalToolDefinition } from "../protocol/commands.js";

// Tools the TUI registers in every runtime_start (PROTOCOL §3.11, §4.7). The server asks the
// person for approval first, as for any tool; only then does an external_tool_call_request
// reach us, and each call ends in exactly one external_tool_call_response.

export interface ToolResult {
  text: string;
  isError: boolean;
}

export interface ToolContext {
  /** Show a line in the transcript; `ring`: and ask for the person's attention (the notifier's bell). */
  notify(text: string, level: "info" | "warning", ring?: boolean): void;
  /** Ask the person; resolves with their answer, rejects if they decline. */
  ask(question: string, options: string[] | undefined, signal: AbortSignal): Promise<string>;
}

export interface ExternalTool {
  definition: ExternalToolDefinition;
  run(input: Record<string, unknown>, ctx: ToolContext, signal: AbortSignal): Promise<ToolResult>;
  timeoutMs: number;
  /** What the model is told when the call runs out of time, when the tool can say it better. */
  timeoutText?: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export const notifyUser: ExternalTool = {
  definition: {
    name: "notify_user",
    label: "Notify the user",
    description: "Show a short message to the person at the terminal and ring the terminal bell. Use it when something needs their attention.",
    parameters: {
      type: "object",
      properties: { message: { type: "string", description: "What to tell the user" } },
      required: ["message"],
    },
  },
  timeoutMs: 10_000,
  async run(input, ctx) {
    const message = str(input.message)?.trim();
    if (!message) return { text: "notify_user needs a non-empty message", isError: true };
    ctx.notify(`🔔 ${message}`, "warning", true);
    return { text: "The user was shown the message.", isError: false };
  },
};

export const askUser: ExternalTool = {
  definition: {
    name: "ask_user",
    label: "Ask the user",
    description: "Ask the person at the terminal a question and wait for their answer (free text, or one of the options if given).",
    parameters: {
      type: "object",
      properties: {
        question: { type: "string", description: "The question" },
        options: { type: "array", items: { type: "string" }, description: "Suggested answers (optional)" },
      },
      required: ["question"],
    },
  },
  // Below the server's own 5-minute limit, so the model gets our clear error rather than its.
  timeoutMs: 4.5 * 60_000,
  timeoutText: "the user did not answer in time (4.5 minutes); carry on without their answer or ask again later",
  async run(input, ctx, signal) {
    const question = str(input.question)?.trim();
    if (!question) return { text: "ask_user needs a non-empty question", isError: true };
    const options = Array.isArray(input.options) ? input.options.filter((o): o is string => typeof o === "string").slice(0, 9) : undefined;
    try {
      return { text: await ctx.ask(question, options?.length ? options : undefined, signal), isError: false };
    } catch (err) {
      return { text: err instanceof Error ? err.message : "the user did not answer", isError: true };
    }
  },
};

export const BUILTIN_TOOLS: readonly ExternalTool[] = [notifyUser, askUser];

/** Output past this is cut: the model gets the head, and a note that it was cut. */
const MAX_OUTPUT = 64 * 1024;

export interface CommandToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  command: string;
  timeoutSeconds?: number;
}

/** A user's own tool from the config file: a shell command that reads the input JSON on stdin. */
export function commandTool(spec: CommandToolSpec): ExternalTool {
  return {
    definition: { name: spec.name, description: spec.description, parameters: spec.parameters },
    timeoutMs: (spec.timeoutSeconds ?? 60) * 1000,
    run: (input, _ctx, signal) =>
      new Promise((resolve) => {
        const child = spawn("/bin/sh", ["-c", spec.command], { stdio: ["pipe", "pipe", "pipe"], signal });
        let out = "";
        let err = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (out = (out + d).slice(0, MAX_OUTPUT + 1)));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (err = (err + d).slice(-4096)));
        child.on("error", (e) => resolve({ text: `${spec.name} could not run: ${e.message}`, isError: true }));
        child.on("close", (code, sig) => {
          const text = out.length > MAX_OUTPUT ? `${out.slice(0, MAX_OUTPUT)}\n[output cut at ${MAX_OUTPUT} bytes]` : out;
          if (code === 0) resolve({ text: text || "(no output)", isError: false });
          else resolve({ text: `${spec.name} failed (${sig ?? `exit ${code}`}): ${err.trim() || text.trim() || "no output"}`, isError: true });
        });
        child.stdin.on("error", () => undefined);
        child.stdin.end(JSON.stringify(input));
      }),
  };
}

/** Run one call with its timeout; never rejects. */
export async function runTool(tool: ExternalTool, input: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), tool.timeoutMs);
  try {
    const timeout = new Promise<ToolResult>((resolve) =>
      controller.signal.addEventListener("abort", () =>
        resolve({ text: tool.timeoutText ?? `${tool.definition.name} timed out after ${duration(tool.timeoutMs)}`, isError: true }),
      ),
    );
    return await Promise.race([tool.run(input, ctx, controller.signal), timeout]);
  } catch (err) {
    return { text: `${tool.definition.name} failed: ${err instanceof Error ? err.message : String(err)}`, isError: true };
  } finally {
    clearTimeout(timer);
  }
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
