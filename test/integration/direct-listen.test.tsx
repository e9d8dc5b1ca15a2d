import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directSession, listenInstructions, ListenRoot, printListenInstructions } from "../../src/cli/listen.js";
import { compositeActions } from "../../src/controller/composite.js";
import { advertisedUrls, startDirectEndpoint, type DirectEndpoint } from "../../src/direct/endpoint.js";
import { Registry } from "../../src/registry/registry.js";
import { initialState } from "../../src/store/state.js";
import { createStore } from "../../src/store/store.js";
import { APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { runtimeLabel } from "../../src/ui/components/RuntimeTabs.js";
import { startScriptedModel } from "../../scripts/harness/scripted-model.mjs";
import type { ScriptedModelHandle } from "../../scripts/harness/launch-server.mjs";
import { startDialingRuntime, type DialingRuntime } from "./direct-support.js";
import { LETTA_MODEL, sleep, waitFor } from "./support.js";

// The `letta-tui listen` screen end to end: two real runtimes, started from the command the
// screen prints, dial in; one store, one ListenRoot, driven by keys like a person would.

const TOKEN = "listen-test-token-0123456789";
const CTRL_C = "\u0003";
const CTRL_G = "\u0007";
let model: ScriptedModelHandle;
let endpoint: DirectEndpoint;
let configDir: string;
const runtimes: DialingRuntime[] = [];
let closeSession: () => void = () => undefined;
let ui: ReturnType<typeof render> | undefined;
const screen = () => ui?.lastFrame() ?? "";

/** waitFor with the screen in the failure: a timeout alone says nothing about what was shown. */
async function until<T>(what: string, check: () => T | undefined | false | null, timeoutMs?: number): Promise<T> {
  try {
    return await waitFor(what, check, timeoutMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- screen ---\n${screen()}`);
  }
}

async function key(k: string) {
  ui?.stdin.write(k);
  await sleep(80);
}

/** The text, then Enter as its own keypress (keys are routed as they arrive: no pause between). */
async function type(text: string) {
  ui?.stdin.write(text);
  await key("\r");
}

/** The command exactly as `listen` prints it before its screen starts: one whole line. */
function printedCommand(instructions: readonly string[]): string {
  let out = "";
  printListenInstructions({ write: (t: string) => (out += t) }, instructions);
  const lines = out.split("\n").filter((l) => l.startsWith("LETTA_BASE_URL="));
  if (lines.length !== 1) throw new Error(`no single command line in:\n${out}`);
  return lines[0]!;
}

async function approveBash(rt: DialingRuntime, name: string) {
  await type(`[[bash:echo ${rt.envName} > ${name}]]`);
  await until(`the approval card for ${name}`, () => screen().includes("1. Yes") && screen().includes(name), 60_000);
  await sleep(APPROVAL_GUARD_MS + 250); // slack for a loaded machine
  await key("y");
  // The shell creates the file before it writes to it: wait for what it holds, not for it to exist.
  const file = join(rt.workDir, name);
  await until(`${name} to be written on ${rt.envName}`, () => existsSync(file) && readFileSync(file, "utf8").trim() !== "", 60_000);
  expect(readFileSync(file, "utf8").trim()).toBe(rt.envName);
}

async function pick(name: string) {
  await until("the list", () => screen().includes("Runtimes that dialled in"));
  ui?.stdin.write(name);
  await until(`the filter to leave ${name}`, () => screen().includes(`filter: ${name}`) && screen().includes("(1/2)"));
  await key("\r");
  await until(`attached to ${name}`, () => !screen().includes("Runtimes that dialled in") && screen().includes("● connected"), 90_000);
  await inputReady();
}

/**
 * Keys written in the moment between the session screen's first frame and its key handlers
 * being registered are dropped (a loaded machine stretches that moment): probe until one lands.
 */
async function inputReady() {
  // A lost probe is not pending (keys are handled inside the write): write another each poll.
  await waitFor("the input line to take a key", () => /› x+/.test(screen()) || void ui?.stdin.write("x"), {
    timeoutMs: 10_000,
    everyMs: 150,
    context: () => `--- screen ---\n${screen()}`,
  });
  await key("\u0015"); // Ctrl+U: clear the probe
  await until("the probe cleared", () => !/› x/.test(screen()));
}

beforeAll(async () => {
  model = await startScriptedModel();
  endpoint = await startDirectEndpoint({ token: TOKEN });
  configDir = mkdtempSync(join(tmpdir(), "letta-tui-listen-config-"));
});

afterAll(async () => {
  const keep = process.env.DIRECT_DEBUG;
  if (keep) for (const r of runtimes) writeFileSync(join(keep, `listen-${r.envName}.log`), r.output());
  ui?.unmount();
  closeSession();
  await Promise.all(runtimes.map((r) => r.dispose()));
  await endpoint?.close();
  await model?.close();
  rmSync(configDir, { recursive: true, force: true });
});

describe("letta-tui listen screen with two real runtimes", () => {
  it("lists both, attaches each, approves a call on each, records them, and guards Ctrl+C on the list", async () => {
    const store = createStore(initialState(endpoint.baseUrl));
    const registry = Registry.open({ cwd: configDir });
    const session = directSession({ store, registry, version: "0.0.0-test", model: LETTA_MODEL, mode: "standard", startTimeoutMs: 60_000 });
    closeSession = session.close;
    let quits = 0;
    const actions = compositeActions(session.controllers, store, () => (quits += 1));
    const instructions = listenInstructions(advertisedUrls("127.0.0.1", endpoint.port, networkInterfaces()), TOKEN, "/cfg/direct-token");
    ui = render(<ListenRoot endpoint={endpoint} store={store} instructions={instructions} attach={session.attach} actions={actions} />);
    await until("the empty list", () => screen().includes("none yet"));

    // What listen prints is what the runtimes run (another --env-name each, as it says).
    expect(screen()).toContain("run the command printed above");
    const command = printedCommand(instructions);
    expect(command).toBe(instructions[0]);
    expect(command).toContain("--env-name my-laptop");
    for (const name of ["alpha", "beta"]) {
      const rt = startDialingRuntime({ command: command.replace("--env-name my-laptop", `--env-name ${name}`), modelUrl: model.url });
      runtimes.push(rt);
    }
    const [alpha, beta] = runtimes as [DialingRuntime, DialingRuntime];
    const row = (name: string) => screen().split("\n").find((l) => l.includes(`● ${name}`));
    await until("both runtimes on the list", () => Boolean(row("alpha") && row("beta")), 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- alpha ---\n${alpha.output().slice(-2000)}`);
    });
    for (const name of ["alpha", "beta"]) expect(row(name)).toMatch(new RegExp(`● ${name}\\s+letta \\d+\\.\\d+\\.\\d+ · ${process.platform} · [0-9a-f]{8}`));

    // Nothing at work yet: Ctrl+C twice quits without asking.
    await key(CTRL_C);
    await until("the armed hint", () => screen().includes("Press Ctrl+C again to quit"));
    await key(CTRL_C);
    await until("quit", () => quits === 1);
    expect(screen()).not.toContain("Quit anyway?");

    await pick("alpha");
    await approveBash(alpha, "from-alpha.txt");
    await key(CTRL_G);
    await pick("beta");
    await approveBash(beta, "from-beta.txt");
    expect(existsSync(join(alpha.workDir, "from-beta.txt"))).toBe(false);
    expect(existsSync(join(beta.workDir, "from-alpha.txt"))).toBe(false);
    expect(Object.keys(store.getState().runtimes)).toHaveLength(2);
    const tabs = Object.values(store.getState().runtimes).map((rt, i) => `${i + 1} ${runtimeLabel(rt)} `);
    await until("both tabs", () => tabs.every((t) => screen().includes(t)));

    // Both attaches are remembered for --resume under a label that is not a URL.
    const recorded = Registry.open({ cwd: configDir }).recentRuntimes().map((r) => r.serverUrl);
    expect(recorded.sort()).toEqual(["direct:alpha", "direct:beta"]);

    // An approval waits on beta; from the list, Ctrl+C twice asks first, and any other key stays.
    await type(`[[bash:echo late > late.txt]]`);
    await until("the pending card", () => screen().includes("1. Yes") && screen().includes("late.txt"), 60_000);
    await key(CTRL_G);
    await until("the list", () => screen().includes("Runtimes that dialled in"));
    await key(CTRL_C);
    await key(CTRL_C);
    await until("the question", () => screen().includes("Quit anyway? (y / any other key to stay)"));
    const betaTab = Object.values(store.getState().runtimes)[1];
    // Both machines name their agent and first conversation alike: the label tells them apart.
    const label = betaTab ? runtimeLabel(betaTab, Object.values(store.getState().runtimes)) : "?";
    expect(label).toMatch(/\(agent-/);
    expect(screen().replace(/\s*\n\s*/g, " ")).toContain(`At work: ${label}.`);
    expect(quits).toBe(1);
    await key("n");
    await until("the question gone", () => !screen().includes("Quit anyway?"));
    expect(quits).toBe(1);
    expect(screen()).not.toContain("filter: n"); // the answer did not land in the picker
    await key(CTRL_C);
    await key(CTRL_C);
    await until("the question again", () => screen().includes("Quit anyway?"));
    await key("y");
    await until("quit", () => quits === 2);
    expect(existsSync(join(beta.workDir, "late.txt"))).toBe(false);
  });
});
