import { BUILTIN_TOOLS, commandTool, type ExternalTool } from "../controller/externalTools.js";
import { DIRECT_REGISTRY_PREFIX } from "../direct/endpoint.js";
import type { Registry } from "../registry/registry.js";
import type { RuntimeEntry, ServerEntry } from "../registry/schema.js";
import { resolveToken } from "../transport/token.js";
import { normalizeServerUrl, parseServerAddress, withoutPassword } from "../transport/url.js";
import type { CliConfig, RuntimeLabels } from "./options.js";
import { runtimeKey, type RuntimeScope } from "../protocol/runtime.js";
import type { Store } from "../store/store.js";

/** Recorded instead of a URL for runtimes on a server letta-tui started itself (its port changes). */
export const SPAWNED_SERVER = "local (started by letta-tui)";

/**
 * Both URLs normalised and equal, passwords aside (the config file stores URLs without one); a
 * URL that does not parse equals nothing.
 */
export function sameServer(a: string, b: string): boolean {
  try {
    return withoutPassword(normalizeServerUrl(a)) === withoutPassword(normalizeServerUrl(b));
  } catch {
    return false;
  }
}

/**
 * The runtimes --resume offers: all of them, or with a typed --url only those recorded on that
 * server (an entry of another server could not be attached there). Runtimes that dialled in to
 * `letta-tui listen` are left out: there is no URL to dial, they come back through listen.
 */
export function resumable(config: CliConfig, registry: Registry): readonly RuntimeEntry[] {
  const all = registry.recentRuntimes(Number.MAX_SAFE_INTEGER).filter((r) => !r.serverUrl.startsWith(DIRECT_REGISTRY_PREFIX));
  const typedUrl = config.url && !config.urlFromEnv ? config.url : undefined;
  return (typedUrl ? all.filter((r) => sameServer(r.serverUrl, typedUrl)) : all).slice(0, 20);
}

/**
 * Fill what the command line left open from the config file: the server (the first one when no
 * URL was given), a resumed runtime and its server, and the token of a configured server whose
 * URL is the one used. Throws an Error (one line) for a bad URL or token file in the file.
 */
export function withRegistry(config: CliConfig, registry: Registry, resumed?: RuntimeEntry): CliConfig {
  let next = config;
  if (resumed) {
    next = { ...next, attach: { ...next.attach, selection: { kind: "existing", agentId: resumed.agentId, conversationId: resumed.conversationId } } };
    // A typed --url only offered this server's entries; LETTA_APP_SERVER_URL is a default, and
    // the picked conversation lives on the server it was recorded with.
    if (!next.url || next.urlFromEnv) {
      const address = resumed.serverUrl === SPAWNED_SERVER ? undefined : parseServerAddress(resumed.serverUrl);
      const url = address?.url;
      // LETTA_APP_SERVER_TOKEN is the credential of LETTA_APP_SERVER_URL's server: it must not
      // follow the resume to another one (which gets its own token from the file, if any). The
      // variable's URL password is dropped likewise: only the resumed entry's own counts.
      const foreignToken = next.tokenFromEnv === true && url !== next.url;
      next = { ...next, url, urlFromEnv: false, password: address?.password, ...(foreignToken ? { token: undefined, tokenFromEnv: false } : {}) };
    }
  } else if (!next.url) {
    const server = registry.defaultServer();
    if (server) {
      const address = parseServerAddress(server.url);
      next = { ...next, url: address.url, password: address.password };
    }
  }
  if (next.url) {
    const url = next.url;
    const server = registry.servers().find((s) => sameServer(s.url, url));
    const token = server && !next.token ? tokenOf(server) : undefined;
    if (token) next = { ...next, token };
    // A URL stored or typed without its password gets the configured server's, like its token.
    const password = server && next.password === undefined ? parseServerAddress(server.url).password : undefined;
    if (password !== undefined) next = { ...next, password };
  }
  if (next.password === undefined) delete next.password;
  return next;
}

function tokenOf(server: ServerEntry): string | undefined {
  if (server.token) return server.token;
  if (server.tokenFile === undefined) return undefined;
  try {
    return resolveToken({ tokenFile: server.tokenFile, env: {} });
  } catch (err) {
    throw new Error(`config server "${server.name}": ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Our built-in tools and the user's own command tools from the config file. */
export function toolsFrom(registry: Registry): ExternalTool[] {
  return [...BUILTIN_TOOLS, ...registry.tools().map((t) => commandTool(t))];
}

export type AttachedHook = (scope: RuntimeScope, info: { cwd?: string; agentName?: string }) => void;

/**
 * Every runtime attached, teammates included, is remembered for --resume (the file is written
 * 0600, never with a token), each time it is (re)started. The agent's name is known once
 * runtime_start answered; --name and --role belong to the first runtime, the one the command
 * line chose. With `store`, the cwd the server reports in its device status is recorded once it
 * arrives (it follows runtime_start_response), so it is known even without --cwd.
 */
export function rememberer(registry: Registry, serverUrl: string, labels: RuntimeLabels = {}, store?: Store): AttachedHook {
  let labelled: string | undefined;
  const waiting = new Map<string, () => void>();
  return (scope, info) => {
    if (!scope.agent_id) return;
    const key = runtimeKey(scope);
    labelled ??= key;
    const base = { serverUrl, agentId: scope.agent_id, conversationId: scope.conversation_id, ...(labelled === key ? labels : {}) };
    const record = (cwd: string | undefined) => registry.recordRuntime({ ...base, cwd, agentName: info.agentName });
    const deviceCwd = () => store?.getState().runtimes[key]?.device?.current_working_directory ?? undefined;
    record(deviceCwd() ?? info.cwd);
    if (!store || deviceCwd() !== undefined || waiting.has(key)) return;
    const unsubscribe = store.subscribe(() => {
      const cwd = deviceCwd();
      if (cwd === undefined) return;
      unsubscribe();
      waiting.delete(key);
      record(cwd);
    });
    waiting.set(key, unsubscribe);
  };
}
