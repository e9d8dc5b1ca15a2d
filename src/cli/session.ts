import { Controller, type ControllerOptions } from "../controller/controller.js";
import { createStore, type Store } from "../store/store.js";
import { initialState } from "../store/state.js";
import { TransportLog } from "../transport/log.js";
import type { CliConfig } from "./options.js";
import type { RuntimeScope } from "../protocol/runtime.js";
import { SentHistoryFile, type SentHistory } from "../registry/sentHistory.js";

export interface Session {
  store: Store;
  controller: Controller;
  log: TransportLog;
  /** Close the connection and flush the transport log. */
  close(): Promise<void>;
}

/**
 * Connect, probe and attach before any UI is drawn, so every way this can fail is reported as
 * one clear line and a non-zero exit instead of a broken screen.
 */
export async function openSession(
  config: CliConfig,
  clientVersion: string,
  /** A function when a hook needs the session's store (e.g. to read what the server reported). */
  transport: Partial<ControllerOptions> | ((store: Store) => Partial<ControllerOptions>) = {},
): Promise<Session> {
  const url = config.url;
  // The CLI starts a server of its own before this when there is no URL.
  if (!url) throw new Error("no server URL");
  const store = createStore(initialState(url));
  let controller: Controller;
  /** Set once attached: a notice needs a runtime to be shown in. Until then it waits here. */
  let noticeScope: () => RuntimeScope | null = () => null;
  let unshownFailure: string | undefined;
  // The token and the URL's password are handed over as secrets, so no frame or event can write
  // them to disk. A log that breaks later (a full disk) is said once on screen.
  const log = TransportLog.open({
    file: config.logFile,
    secrets: [config.token, ...passwordForms(config.password)],
    onFailure: (message) => {
      const text = `${message}; the rest of this session is not logged`;
      const scope = noticeScope();
      if (scope) store.dispatch({ type: "notice", scope, level: "warning", text });
      else unshownFailure = text;
    },
  });
  if (config.logFile && log.error) {
    await log.close();
    throw new Error(`cannot write the transport log to ${config.logFile}: ${log.error}`);
  }
  try {
    controller = await Controller.connect(url, store, {
      token: config.token,
      password: config.password,
      clientVersion,
      startTimeoutMs: config.startTimeoutMs,
      log,
      ...(typeof transport === "function" ? transport(store) : transport),
    });
  } catch (err) {
    await log.close();
    throw err;
  }
  try {
    const info = await controller.probe();
    if (!info) {
      // Servers before 0.29.2 stay silent; they still speak the single-socket protocol (§1.3).
      store.dispatch({ type: "server_info", version: "legacy (no app_server_info)" });
    }
    await controller.attach(config.attach);
    const scope = controller.runtime;
    if (scope && unshownFailure) store.dispatch({ type: "notice", scope, level: "warning", text: unshownFailure });
    const attached = controller;
    noticeScope = () => attached.runtime;
  } catch (err) {
    controller.close();
    await log.close();
    throw err;
  }
  return {
    store,
    controller,
    log,
    async close() {
      controller.close();
      await log.close();
    },
  };
}

/**
 * The messages sent to `server` (its URL, or the name of a server letta-tui started), kept in
 * the state directory across sessions, never with the token or password. A file or folder that
 * cannot be used is a warning on screen; the session then recalls its own messages only.
 */
export function openSentHistory(session: Pick<Session, "store" | "controller">, server: string, config: Pick<CliConfig, "token" | "password">, dir?: string): SentHistory {
  const { store, controller } = session;
  return SentHistoryFile.open({
    server,
    dir,
    secrets: [config.token, ...passwordForms(config.password)],
    onWarning: (text) => {
      const scope = controller.runtime;
      if (scope) store.dispatch({ type: "notice", scope, level: "warning", text });
    },
  });
}

/**
 * As the URL holds it (percent-encoded) and as it was typed, in case either reaches a frame. Even
 * a short one is scrubbed wherever it appears, as a token is: a log with a few "[redacted]" too
 * many is better than one with the password.
 */
function passwordForms(password: string | undefined): string[] {
  if (!password) return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

/**
 * Why this session writes no transport log, as one line for stderr and the screen, or undefined
 * when it does. (With --log-file the session refuses to start instead.)
 */
export function logProblem(log: Pick<TransportLog, "error">): string | undefined {
  return log.error ? `${log.error}; this session is not logged` : undefined;
}
