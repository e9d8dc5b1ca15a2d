import { Controller, type ControllerOptions } from "../controller/controller.js";
import { createStore, type Store } from "../store/store.js";
import { initialState } from "../store/state.js";
import { TransportLog } from "../transport/log.js";
import type { CliConfig } from "./options.js";

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
  // The token is handed over as a secret, so no frame or event can write it to disk.
  const log = TransportLog.open({ file: config.logFile, secrets: [config.token] });
  if (config.logFile && log.error) {
    await log.close();
    throw new Error(`cannot write the transport log to ${config.logFile}: ${log.error}`);
  }
  let controller: Controller;
  try {
    controller = await Controller.connect(url, store, {
      token: config.token,
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
