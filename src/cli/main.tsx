import { CommanderError } from "commander";
import { render } from "ink";
import { uiActionsFor } from "../controller/actions.js";
import { App } from "../ui/App.js";
import type { MainIo } from "./io.js";
import { checkFinalTransport, parseCli, UsageError } from "./options.js";
import { normalizeServerUrl, redactUrlText } from "../transport/url.js";
import { logProblem, openSentHistory, openSession } from "./session.js";
import { spawnLettaServer, type SpawnedServer } from "./spawnServer.js";
import { Registry } from "../registry/registry.js";
import { pickRecentRuntime } from "./resumePicker.js";
import { rememberer, resumable, SPAWNED_SERVER, toolsFrom, withRegistry } from "./registryConfig.js";
import { packageVersion } from "./version.js";
import { sanitizeLine } from "../ui/sanitize.js";
import { notifyConfig } from "../ui/notify/decide.js";

export type { MainIo } from "./io.js";

/** Runs the program and resolves to its exit code. Nothing here prints a stack trace. */
export async function main(argv: string[], io: MainIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const version = packageVersion();
  // Subcommands are loaded on demand: the TUI does not pay for their modules, nor they for Ink.
  if (argv[0] === "send") return (await import("./send.js")).runSend(argv.slice(1), io, version);
  if (argv[0] === "replay") return (await import("./replay.js")).runReplay(argv.slice(1), io, version);
  if (argv[0] === "listen") return (await import("./listen.js")).runListen(argv.slice(1), io, version);
  // Every line to stderr passes here: a URL in a message never shows its password, and text
  // quoted from the server (a refused attach) is shown by the same rule as on screen.
  const say = (message: string) => io.stderr.write(`letta-tui: ${sanitizeLine(redactUrlText(message))}\n`);
  const fail = (message: string, code: number) => {
    say(message);
    return code;
  };
  let config;
  try {
    config = parseCli(argv, version);
  } catch (err) {
    // --help and --version: commander has already printed them on stdout.
    if (err instanceof CommanderError) return 0;
    if (err instanceof UsageError) return fail(`${err.message} (see --help)`, 2);
    throw err;
  }

  // Without a terminal Ink draws nothing until exit, and the program would look hung. Checked
  // before anything else happens: no picker drawn into a pipe, no server started, no agent made.
  if (io.stdout.isTTY !== true) {
    return fail("the TUI needs a terminal, and stdout is not one (piped or redirected?); for scripts use `letta-tui send`", 2);
  }

  const registry = Registry.open();
  let spawned: SpawnedServer | undefined;
  let session;
  try {
    // Inside the try: a bad URL or token file in the config file is one line too.
    if (config.resume) {
      const picked = await pickRecentRuntime(resumable(config, registry), io.stdout, config.url && !config.urlFromEnv ? config.url : undefined);
      if (!picked) return 0;
      const envUrl = config.urlFromEnv ? config.url : undefined;
      config = withRegistry(config, registry, picked);
      if (envUrl && config.url !== envUrl) {
        say(`resuming on ${picked.serverUrl}, where that conversation was recorded, not LETTA_APP_SERVER_URL (${envUrl})`);
      }
    } else config = withRegistry(config, registry);
    checkFinalTransport(config);
    if (!config.url) {
      say("no --url given; starting letta server --listen …");
      spawned = await spawnLettaServer({ lettaBin: config.lettaBin });
      config = { ...config, url: normalizeServerUrl(spawned.url) };
    }
    const serverUrl = spawned ? SPAWNED_SERVER : config.url!;
    const labels = config.labels;
    session = await openSession(config, version, (store) => ({
      tools: toolsFrom(registry),
      onAttached: rememberer(registry, serverUrl, labels, store),
    }));
  } catch (err) {
    await spawned?.stop();
    return fail(err instanceof Error ? err.message : String(err), err instanceof UsageError ? 2 : 1);
  }
  const { store, controller } = session;
  if (registry.warning) store.dispatch({ type: "notice", scope: controller.runtime!, level: "warning", text: `config: ${registry.warning}` });
  // Once on stderr (it stays above the screen and after it) and once on screen.
  const unlogged = logProblem(session.log);
  if (unlogged) {
    say(unlogged);
    store.dispatch({ type: "notice", scope: controller.runtime!, level: "warning", text: unlogged });
  }

  // Filed under the same name as the config file's recent runtimes: a server we start gets a new
  // port each time, yet its history is one.
  const history = openSentHistory(session, spawned ? SPAWNED_SERVER : config.url!, config);
  const app = render(<App store={store} actions={uiActionsFor(controller, () => app.unmount())} hint={config.hint} serverLog={spawned?.log} history={history} {...(session.log.path ? { logPath: session.log.path } : {})} notify={{ config: notifyConfig(config.notify, registry.notify()), write: (bytes) => void io.stdout.write(bytes) }} />, {
    exitOnCtrlC: false,
    // The terminal was checked first; Ink would otherwise draw nothing live when CI is set in
    // the environment (its own CI detection), which a developer's shell may well have.
    interactive: true,
    stdout: io.stdout,
    // Only changed lines are rewritten: about a tenth of the bytes per frame (npm run bench),
    // which is what removes flicker on slow terminals and over ssh.
    incrementalRendering: true,
  });
  await app.waitUntilExit();
  await session.close();
  await spawned?.stop();
  // A log that broke during the session was shown on screen only: Ink owned the terminal then.
  if (!unlogged && session.log.error) say(`${session.log.error}; part of this session is not logged`);
  const conn = store.getState().connection;
  if (conn.status === "closed" && conn.error) return fail(conn.error, 1);
  return 0;
}
