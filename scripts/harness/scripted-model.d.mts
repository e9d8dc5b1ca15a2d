import type { ScriptedModelHandle } from "./launch-server.mjs";
/** `vision`: /props says the model takes images (the server then forwards image parts; else it puts a note in their place). */
export function startScriptedModel(opts?: { host?: string; port?: number; vision?: boolean }): Promise<ScriptedModelHandle>;
/** "parts: text, image/png 68 bytes": the content parts of a message as the model got it. */
export function partsSummary(content: unknown): string;
/** The answer the model plans for a chat-completions body (exported for tests of the directives). */
export function planResponse(body: unknown):
  | { kind: "text"; text: string; promptTokens?: number }
  | { kind: "slow"; secs: number; promptTokens?: number }
  | { kind: "calls"; calls: { kind: "call"; name: string; args: Record<string, unknown> }[]; promptTokens?: number };
