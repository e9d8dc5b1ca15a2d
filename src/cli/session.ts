import { Controller } from "../controller/controller.js";
import { createStore, type Store } from "../store/store.js";
import { initialState } from "../store/state.js";
import type { CliConfig } from "./options.js";

export interface Session {
  store: Store;
  controller: Controller;
}

/**
 * Connect, probe and attach before any UI is drawn, so every way this can fail is reported as
 * one clear line and a non-zero exit instead of a broken screen.
 */
export async function openSession(config: CliConfig, clientVersion: string): Promise<Session> {
  const url = config.url;
  const store = createStore(initialState(url));
  const controller = await Controller.connect(url, store, {
    token: config.token,
    clientVersion,
    startTimeoutMs: config.startTimeoutMs,
  });
  try {
    const info = await controller.probe();
    if (!info) {
      // Servers before 0.29.2 stay silent; they still speak the single-socket protocol (§1.3).
      store.dispatch({ type: "server_info", version: "legacy (no app_server_info)" });
    }
    await controller.attach(config.attach);
  } catch (err) {
    controller.close();
    throw err;
  }
  return { store, controller };
}
