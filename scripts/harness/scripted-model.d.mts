import type { ScriptedModelHandle } from "./launch-server.mjs";
export function startScriptedModel(opts?: { host?: string; port?: number }): Promise<ScriptedModelHandle>;
/** The answer the model plans for a chat-completions body (exported for tests of the directives). */
export function planResponse(body: unknown):
  | { kind: "text"; text: string; promptTokens?: number }
  | { kind: "slow"; secs: number; promptTokens?: number }
  | { kind: "calls"; calls: { kind: "call"; name: string; args: Record<string, unknown> }[]; promptTokens?: number };
