import { render } from "ink";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { useMemo } from "react";
import { compositeActions } from "../controller/composite.js";
import { Controller } from "../controller/controller.js";
import { PERMISSION_MODES, PermissionModeSchema, type PermissionMode } from "../protocol/runtime.js";
import { advertisedUrls, directRegistryLabel, startDirectEndpoint, exposedWarning, type AdvertisedUrls, type DirectEndpoint } from "../direct/endpoint.js";
import type { Environment } from "../direct/environment.js";
import { defaultConfigDir, loadOrCreateToken, runtimeCommand } from "../direct/token.js";
import { createStore, type Store } from "../store/store.js";
import { initialState } from "../store/state.js";
import { TransportLog } from "../transport/log.js";
import { App, type AppProps, type ListenSource } from "../ui/App.js";
import { notifyConfig } from "../ui/notify/decide.js";
import type { EnvironmentRow } from "../ui/components/EnvironmentsView.js";
import type { MainIo } from "./io.js";
import { parseWith, quietCommand, UsageError } from "./options.js";
import { rememberer, toolsFrom } from "./registryConfig.js";
import { Registry } from "../registry/registry.js";
import { logProblem } from "./session.js";

// `letta-tui listen`: the other direction. letta-tui is the endpoint; Letta Code runtimes on
// other machines (`letta server` without --listen) register with it and dial in. Each one is
// driven by its own controller over the same store and views as a URL attach.

interface ListenOptions {
  host: string;
  port: number;
  tokenFile?: string;
  model?: string;
  mode?: PermissionMode;
}

function parseListen(argv: string[], version: string): ListenOptions {
  const program = quietCommand("letta-tui listen")
    .description("Let Letta Code runtimes on other machines dial in to this terminal.")
    .version(version, "-V, --version")
    .option("--host <host>", "address to listen on (loopback unless you need the network)", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8284")
    .option("--token-file <path>", "the token runtimes must present (default: one generated and kept 0600)")
    .option("--model <handle>", "model for agents created on a runtime, e.g. llama.cpp/fake-model")
    .option("--mode <mode>", `permission mode for new runtimes: ${PERMISSION_MODES.join(", ")}`, "standard");
  parseWith(program, argv);
  const o = program.opts<{ host: string; port: string; tokenFile?: string; model?: string; mode: string }>();
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${o.port}"`);
  const mode = PermissionModeSchema.safeParse(o.mode);
  if (!mode.success) throw new UsageError(`unknown --mode "${o.mode}": expected one of ${PERMISSION_MODES.join(", ")}`);
  return { host: o.host, port, tokenFile: o.tokenFile, model: o.model, mode: mode.data };
}

function rowOf(env: Environment): EnvironmentRow {
  return {
    key: env.key,
    name: env.connectionName,
    detail: [env.version && `letta ${env.version}`, env.os, env.deviceId.slice(0, 8)].filter(Boolean).join(" · "),
    online: env.online,
  };
}

/** What the list screen shows above the runtimes: the command to run, and where it must reach. */
export function listenInstructions(urls: AdvertisedUrls, token: string, tokenFile: string): string[] {
  return [
    runtimeCommand(urls.url, token, "my-laptop"),
    `(the token is kept in ${tokenFile}; LETTA_BASE_URL must reach ${urls.url} from that machine)`,
    ...(urls.others.length ? [`(other addresses of this machine may apply: ${urls.others.join(", ")})`] : []),
  ];
}

/**
 * The instructions as plain lines, written before the screen starts: a command drawn inside
 * Ink is cut into rows at the terminal's width (and boxed), so copying it would break it.
 */
export function printListenInstructions(out: { write(text: string): unknown }, instructions: readonly string[]): void {
  out.write(`letta-tui is listening. Run this on each machine (another --env-name per runtime):\n\n${instructions[0] ?? ""}\n\n${instructions.slice(1).join("\n")}\n\n`);
}

export { ESC_HINT } from "../ui/views/environments.js";

export interface ListenRootProps {
  endpoint: Pick<DirectEndpoint, "environments" | "onEnvironment">;
  store: Store;
  instructions: string[];
  attach(env: Environment): Promise<void>;
  actions: ReturnType<typeof compositeActions>;
  /** The transport log's file, for the about view. */
  logPath?: string | undefined;
  /** Notifications while unfocused, as the config file says (listen has no --notify). */
  notify?: AppProps["notify"];
}

/**
 * The session screen with the runtime list open on top: one App for the whole program, so
 * going to the list (Ctrl+G) and back keeps the draft, its history and the toggles.
 */
export function ListenRoot({ endpoint, store, instructions, attach, actions, logPath, notify }: ListenRootProps) {
  const source = useMemo<ListenSource>(
    () => ({
      instructions,
      environments: () => endpoint.environments().map(rowOf),
      onEnvironment: (listener) => endpoint.onEnvironment(listener),
      attach: async (key) => {
        const env = endpoint.environments().find((e) => e.key === key);
        if (!env) throw new Error("it is no longer listed");
        await attach(env);
      },
    }),
    [endpoint, instructions, attach],
  );
  return <App store={store} actions={actions} listen={source} notify={notify} {...(logPath ? { logPath } : {})} />;
}

export interface DirectSessionOptions {
  store: Store;
  registry: Registry;
  version: string;
  model?: string;
  mode?: PermissionMode;
  /** For tests: runtime_start waits for agent creation on a loaded machine. */
  startTimeoutMs?: number;
}

/**
 * One controller per runtime that dialled in, all over one store. Each attach is recorded for
 * --resume under `direct:<env name>`: the runtime has no URL of its own to dial back.
 */
export function directSession(opts: DirectSessionOptions) {
  const controllers = new Map<string, Controller>();
  // One controller per runtime even when it is asked for twice while the first is opening.
  const opening = new Map<string, Promise<Controller>>();
  const open = (env: Environment): Promise<Controller> => {
    const pending = opening.get(env.key);
    if (pending) return pending;
    const next = (async () => {
      // Labelled by env.key (device and name): two machines given the same --env-name (the
      // printed command's example name) must not share one connection state.
      const controller = await Controller.over(env.key, async (events) => env.link(events), opts.store, {
        clientVersion: opts.version,
        tools: toolsFrom(opts.registry),
        onAttached: rememberer(opts.registry, directRegistryLabel(env.connectionName)),
        ...(opts.startTimeoutMs !== undefined ? { startTimeoutMs: opts.startTimeoutMs } : {}),
      });
      try {
        // The same capability probe as a URL attach: server version, legacy behaviour.
        await controller.probe();
      } catch (err) {
        controller.close();
        throw err;
      }
      controllers.set(env.key, controller);
      return controller;
    })();
    opening.set(env.key, next);
    next.catch(() => opening.delete(env.key));
    return next;
  };
  const attach = async (env: Environment) => {
    const controller = await open(env);
    await controller.attach({ selection: { kind: "auto", model: opts.model }, mode: opts.mode });
  };
  return {
    attach,
    controllers: () => [...controllers.values()],
    close: () => controllers.forEach((c) => c.close()),
  };
}

export async function runListen(argv: string[], io: MainIo, version: string): Promise<number> {
  const fail = (message: string, code: number) => (io.stderr.write(`letta-tui: ${message}\n`), code);
  let opts: ListenOptions;
  try {
    opts = parseListen(argv, version);
  } catch (err) {
    if (err instanceof UsageError) return fail(`${err.message} (see listen --help)`, 2);
    return 0; // --help / --version, printed by commander
  }
  let endpoint: DirectEndpoint;
  let loaded: ReturnType<typeof loadOrCreateToken>;
  const registry = Registry.open();
  try {
    // Next to config.json, wherever conf put it on this platform, so the README names one place.
    const dir = path.isAbsolute(registry.path) ? path.dirname(registry.path) : defaultConfigDir();
    loaded = loadOrCreateToken(opts.tokenFile, { dir });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), 1);
  }
  // Opened once the token is known: it is the runtimes' credential, and never reaches the disk.
  const log = TransportLog.open({ secrets: [loaded.token] });
  try {
    log.event("listen", { host: opts.host, port: opts.port, tokenFile: loaded.file });
    endpoint = await startDirectEndpoint({ host: opts.host, port: opts.port, token: loaded.token, log: (event, detail) => log.event(event, detail), frames: log });
  } catch (err) {
    await log.close();
    return fail(err instanceof Error ? err.message : String(err), 1);
  }
  const warning = exposedWarning(opts.host);
  if (warning) io.stderr.write(`letta-tui: ${warning}\n`);
  // Before the screen: there is no runtime yet whose transcript could carry it.
  if (registry.warning) io.stderr.write(`letta-tui: config: ${registry.warning}\n`);
  const unlogged = logProblem(log);
  if (unlogged) io.stderr.write(`letta-tui: ${unlogged}\n`);
  // Without a terminal Ink draws nothing until exit: the program would look hung.
  if (io.stdout.isTTY !== true) {
    await endpoint.close();
    await log.close();
    return fail("listen needs a terminal, and stdout is not one (piped or redirected?)", 2);
  }
  const store = createStore(initialState(endpoint.baseUrl));
  const session = directSession({ store, registry, version, model: opts.model, mode: opts.mode });
  const printed = listenInstructions(advertisedUrls(opts.host, endpoint.port, networkInterfaces()), loaded.token, loaded.file);
  printListenInstructions(io.stdout, printed);
  // The list screen shows every line after the command: the unlogged notice (said on stderr
  // above) once on screen too.
  const instructions = [...printed, ...(unlogged ? [`⚠ ${unlogged}`] : [])];
  let app: ReturnType<typeof render> | undefined;
  const actions = compositeActions(session.controllers, store, () => app?.unmount());
  app = render(<ListenRoot endpoint={endpoint} store={store} instructions={instructions} attach={session.attach} actions={actions} logPath={log.path} notify={{ config: notifyConfig(undefined, registry.notify()), write: (bytes) => void io.stdout.write(bytes) }} />, {
    exitOnCtrlC: false,
    // The terminal was checked first; Ink would otherwise draw nothing live when CI is set in
    // the environment (its own CI detection), which a developer's shell may well have.
    interactive: true,
    stdout: io.stdout,
    incrementalRendering: true,
  });
  await app.waitUntilExit();
  session.close();
  await endpoint.close();
  await log.close();
  return 0;
}
