import { BUILTIN_TOOLS, commandTool, type ExternalTool } from "../controller/externalTools.js";
import type { Registry } from "../registry/registry.js";
import type { RuntimeEntry } from "../registry/schema.js";
import { resolveToken } from "../transport/token.js";
import { normalizeServerUrl } from "../transport/url.js";
import type { CliConfig } from "./options.js";
import type { RuntimeScope } from "../protocol/runtime.js";

/** Recorded instead of a URL for runtimes on a server letta-tui started itself (its port changes). */
export const SPAWNED_SERVER = "local (started by letta-tui)";

/** Fill what the command line left open from the config file: the server, and a resumed runtime. */
export function withRegistry(config: CliConfig, registry: Registry, resumed?: RuntimeEntry): CliConfig {
  let next = config;
  if (resumed) {
    next = { ...next, attach: { ...next.attach, selection: { kind: "existing", agentId: resumed.agentId, conversationId: resumed.conversationId } } };
    if (!next.url && resumed.serverUrl !== SPAWNED_SERVER) next = { ...next, url: normalizeServerUrl(resumed.serverUrl) };
  }
  const server = registry.defaultServer();
  if (!next.url && !resumed && server) {
    next = { ...next, url: normalizeServerUrl(server.url) };
    if (!next.token) next = { ...next, token: server.token ?? resolveToken({ tokenFile: server.tokenFile, env: {} }) };
  }
  return next;
}

/** Our built-in tools and the user's own command tools from the config file. */
export function toolsFrom(registry: Registry): ExternalTool[] {
  return [...BUILTIN_TOOLS, ...registry.tools().map((t) => commandTool(t))];
}

/**
 * Every runtime attached, teammates included, is remembered for --resume (the file is written
 * 0600, never with a token). The agent's name is known once runtime_start answered.
 */
export function rememberer(registry: Registry, serverUrl: string) {
  return (scope: RuntimeScope, info: { cwd?: string; agentName?: string }): void => {
    if (!scope.agent_id) return;
    registry.recordRuntime({ serverUrl, agentId: scope.agent_id, conversationId: scope.conversation_id, cwd: info.cwd, agentName: info.agentName });
  };
}
