import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { Controller } from "../../src/controller/controller.js";
import { startDirectEndpoint, type DirectEndpoint } from "../../src/direct/endpoint.js";
import type { Environment } from "../../src/direct/environment.js";
import { runtimeCommand } from "../../src/direct/token.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import { allItems } from "../../src/store/archive.js";
import { initialState } from "../../src/store/state.js";
import { createStore } from "../../src/store/store.js";
import { startScriptedModel } from "../../scripts/harness/scripted-model.mjs";
import type { ScriptedModelHandle } from "../../scripts/harness/launch-server.mjs";
import { startDialingRuntime, type DialingRuntime } from "./direct-support.js";
import { LETTA_MODEL, sleep, waitFor } from "./support.js";

// Direct mode against real Letta Code runtimes started as `letta remote`: they register with our
// endpoint and dial in; the controller drives them exactly like an App Server connection.

const TOKEN = "direct-test-token-0123456789";
const events: Array<{ event: string; detail?: Record<string, unknown> }> = [];
let model: ScriptedModelHandle;
let endpoint: DirectEndpoint;
const runtimes: DialingRuntime[] = [];
const controllers: Controller[] = [];

function dial(envName: string, token = TOKEN): DialingRuntime {
  // Started from the very line `letta-tui listen` prints: proof that line works as given.
  const rt = startDialingRuntime({ command: runtimeCommand(endpoint.baseUrl, token, envName), modelUrl: model.url });
  runtimes.push(rt);
  return rt;
}

const envNamed = (name: string) => endpoint.environments().find((e) => e.connectionName === name);

async function onlineEnv(rt: DialingRuntime): Promise<Environment> {
  try {
    // A runtime that refuses to start (a wrong printed command) ends at once: say so then.
    const gaveUp = rt.exited().then((code) => Promise.reject(new Error(`${rt.envName} exited with ${String(code)} before dialling in`)));
    gaveUp.catch(() => undefined); // killed later by the test: not an unhandled rejection
    return await Promise.race([
      waitFor(`${rt.envName} to dial in`, () => {
        const env = envNamed(rt.envName);
        return env?.online ? env : undefined;
      }, 60_000),
      gaveUp,
    ]);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- runtime output ---\n${rt.output().slice(-4000)}`);
  }
}

async function drive(env: Environment, cwd: string) {
  const store = createStore(initialState(`direct:${env.connectionName}`));
  const controller = await Controller.over(`direct:${env.connectionName}`, async (ev) => env.link(ev), store, {
    clientVersion: "0.0.0-test",
    startTimeoutMs: 60_000,
  });
  controllers.push(controller);
  await controller.attach({ selection: { kind: "new-agent", model: LETTA_MODEL }, mode: "standard", cwd });
  const rt = () => {
    const scope = controller.runtime;
    const state = scope ? store.getState().runtimes[runtimeKey(scope)] : undefined;
    if (!state) throw new Error("not attached");
    return state;
  };
  return { store, controller, rt };
}

async function writeWithApproval(d: Awaited<ReturnType<typeof drive>>, dir: string, name: string) {
  d.controller.sendMessage(`[[bash:echo x > ${name}]]`);
  const card = await waitFor("an approval card", () => d.rt().approvals.order[0], 60_000);
  d.controller.answerApproval(card, { behavior: "allow" });
  // The shell creates the file before it writes to it: wait for what it holds, not that it exists.
  await waitFor(`${name} to be written`, () => existsSync(join(dir, name)) && readFileSync(join(dir, name), "utf8").trim() === "x", 60_000);
}

beforeAll(async () => {
  model = await startScriptedModel();
  endpoint = await startDirectEndpoint({ token: TOKEN, log: (event, detail) => events.push({ event, detail }) });
});

afterAll(async () => {
  // DIRECT_DEBUG=dir keeps each runtime's output, the only record of what it did.
  const keep = process.env.DIRECT_DEBUG;
  if (keep) for (const r of runtimes) writeFileSync(join(keep, `direct-${r.envName}.log`), r.output());
  for (const c of controllers) c.close();
  await Promise.all(runtimes.map((r) => r.dispose()));
  await endpoint?.close();
  await model?.close();
});

describe("direct endpoint with real runtimes", () => {
  it("listens on 127.0.0.1 only by default and answers /v1/health", async () => {
    expect(endpoint.host).toBe("127.0.0.1");
    expect(endpoint.address()).toMatchObject({ address: "127.0.0.1", family: "IPv4", port: endpoint.port });
    expect(endpoint.baseUrl).toBe(`http://127.0.0.1:${endpoint.port}`);
    const status = await new Promise<number>((resolve, reject) => {
      request(`${endpoint.baseUrl}/v1/health`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(200);
  });

  it("two runtimes register, dial in, and each runs an approved tool call", async () => {
    const a = dial("alpha");
    const b = dial("beta");
    const [envA, envB] = await Promise.all([onlineEnv(a), onlineEnv(b)]);
    expect(envA.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(envA.os).toBe(process.platform);
    expect(envB.connectionName).toBe("beta");
    expect(envA.deviceId).not.toBe(envB.deviceId);
    const [dA, dB] = await Promise.all([drive(envA, a.workDir), drive(envB, b.workDir)]);
    await Promise.all([writeWithApproval(dA, a.workDir, "a.txt"), writeWithApproval(dB, b.workDir, "b.txt")]);
    // Each runtime acts on its own machine: nothing crossed over.
    expect(existsSync(join(a.workDir, "b.txt"))).toBe(false);
  });

  it("a restarted runtime is adopted again and the controller resyncs", async () => {
    const rt = dial("gamma");
    const env = await onlineEnv(rt);
    const d = await drive(env, rt.workDir);
    await writeWithApproval(d, rt.workDir, "before.txt");
    // The local backend writes a new conversation to disk a little after the turn; killed
    // before that, the restarted runtime rightly answers "Conversation local-conv-1 not found".
    const conversation = Buffer.from(`conversation:${d.rt().scope.conversation_id}`).toString("base64url");
    await waitFor("the conversation on disk", () => existsSync(join(rt.home, ".letta", "lc-local-backend", "conversations", conversation, "conversation.json")));
    await rt.kill();
    await waitFor("the environment to go offline", () => !env.online && d.store.getState().connection.status === "reconnecting");
    rt.restart();
    await waitFor("the environment to come back", () => env.online, 60_000);
    expect(envNamed("gamma")).toBe(env);
    const notices = () => allItems(d.rt().transcript).flatMap((i) => (i.kind === "notice" ? [i.text] : []));
    await waitFor("the resync notice", () => notices().some((t) => t.includes("reconnected and resynced")), 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\nnotices: ${JSON.stringify(notices())}\nconnection: ${JSON.stringify(d.store.getState().connection)}\n--- runtime ---\n${rt.output().slice(-3000)}`);
    });
    expect(d.store.getState().connection.status).toBe("connected");
    await writeWithApproval(d, rt.workDir, "after.txt");
  });

  it("refuses a second socket on a real runtime's connected registration; the runtime keeps working", async () => {
    const rt = dial("delta");
    const env = await onlineEnv(rt);
    const connectionId = env.connectionId;
    // Even with the right token: someone who learnt the connection id must not take it over.
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${endpoint.port}/v1/environments/ws/${connectionId}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => (ws.terminate(), reject(new Error("the second socket was accepted"))));
      ws.once("error", () => undefined);
    });
    expect(status).toBe(409);
    expect(events.some((e) => e.event === "refused" && e.detail?.connectionId === connectionId && e.detail?.reason === "registration already connected")).toBe(true);
    expect(env.online).toBe(true);
    expect(env.connectionId).toBe(connectionId);
    const d = await drive(env, rt.workDir);
    await writeWithApproval(d, rt.workDir, "still-mine.txt");
    expect(env.connectionId).toBe(connectionId);
  });

  it("refuses a runtime with a wrong token and logs the refusal without the token", async () => {
    const rt = dial("intruder", "not-the-token");
    await waitFor("the refusal", () => events.some((e) => e.event === "refused" && e.detail?.what === "register"), 60_000);
    // It may retry or exit; either way it must never show up.
    // Time under test: for 3 s of real time (or until it gives up), it never shows up.
    await Promise.race([rt.exited(), sleep(3000)]);
    expect(envNamed("intruder")).toBeUndefined();
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(JSON.stringify(events)).not.toContain("not-the-token");
  });

  it("will not listen beyond loopback without a token", async () => {
    await expect(startDirectEndpoint({ host: "0.0.0.0" })).rejects.toThrow(/without a token/);
    const local = await startDirectEndpoint({ token: TOKEN });
    try {
      expect(local.address().address).toBe("127.0.0.1");
    } finally {
      await local.close();
    }
  });
});
