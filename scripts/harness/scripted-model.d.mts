import type { ScriptedModelHandle } from "./launch-server.mjs";
export function startScriptedModel(opts?: { host?: string; port?: number }): Promise<ScriptedModelHandle>;
