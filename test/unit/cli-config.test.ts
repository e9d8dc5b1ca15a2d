import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeTerminal } from "../fakes/terminal.js";
import { parseCli } from "../../src/cli/options.js";
import { directRegistryLabel } from "../../src/direct/endpoint.js";
import { rememberer, resumable, SPAWNED_SERVER, withRegistry } from "../../src/cli/registryConfig.js";
import { Registry } from "../../src/registry/registry.js";
import type { RuntimeEntry } from "../../src/registry/schema.js";
import type { Store } from "../../src/store/store.js";
import type { AppState } from "../../src/store/state.js";

// What the config file adds after the command line: the server, its token, a resumed runtime,
// and the refusal to send that token in clear text; every problem there is one line from main().

const root = mkdtempSync(path.join(tmpdir(), "letta-tui-cli-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
let home: string;
let configDir: string;
const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };

beforeEach(() => {
  // A home and a config directory of our own per case: `~/` and conf both read these.
  const d = path.join(root, `case-${++n}`);
  home = path.join(d, "home");
  mkdirSync(home, { recursive: true });
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = path.join(d, "xdg");
  configDir = path.join(d, "xdg", "letta-tui");
  mkdirSync(configDir, { recursive: true });
});
afterEach(() => {
  process.env.HOME = saved.HOME;
  process.env.XDG_CONFIG_HOME = saved.XDG_CONFIG_HOME;
  delete process.env.LETTA_APP_SERVER_URL;
});

function writeConfig(content: unknown): void {
  writeFileSync(path.join(configDir, "config.json"), JSON.stringify(content));
}

/** main()'s exit code, after checking it wrote exactly one `letta-tui:` line matching `pattern`. */
async function exitWithOneLine(argv: string[], pattern: RegExp): Promise<number> {
  const lines: string[] = [];
  const code = await main(argv, { stdout: fakeTerminal(), stderr: { write: (t: string) => lines.push(t) } });
  const err = lines.join("");
  expect(err.trimEnd().split("\n")).toEqual([expect.stringMatching(/^letta-tui: /)]);
  expect(err).toMatch(pattern);
  // Never the bin's last-resort wording, nor a stack, nor the token.
  expect(err).not.toMatch(/unexpected error|\n\s+at |secret/);
  return code;
}

const entry = (serverUrl: string, extra: Partial<RuntimeEntry> = {}): RuntimeEntry => ({
  agentId: "agent-1",
  conversationId: "conv-1",
  serverUrl,
  lastStarted: new Date().toISOString(),
  ...extra,
});

describe("main() with the config file", () => {
  it("uses the temp config directory that XDG_CONFIG_HOME names (conf honours it here)", () => {
    expect(Registry.open().path).toBe(path.join(configDir, "config.json"));
  });

  it("refuses a configured token over plain ws:// to another host, before connecting", async () => {
    writeFileSync(path.join(home, ".letta-token"), "secret\n");
    // .invalid never resolves: had a connection been tried, the error would say so instead.
    writeConfig({ servers: [{ name: "lan", url: "ws://box.invalid:4500", tokenFile: "~/.letta-token" }] });
    expect(await exitWithOneLine(["--new-agent"], /a token over plain ws:\/\/ to box\.invalid .*--allow-insecure-token/)).toBe(2);
  });

  it("also refuses a token typed on the command line for the configured server", async () => {
    writeConfig({ servers: [{ name: "lan", url: "ws://box.invalid:4500" }] });
    expect(await exitWithOneLine(["--new-agent", "--token", "t"], /a token over plain ws:\/\/ to box\.invalid/)).toBe(2);
  });

  it("--allow-insecure-token lets it through (and then fails to connect, as it must)", async () => {
    writeConfig({ servers: [{ name: "lan", url: "ws://box.invalid:4500", token: "t" }] });
    expect(await exitWithOneLine(["--new-agent", "--allow-insecure-token", "--timeout", "5"], /^(?!.*plain ws:\/\/).*box\.invalid/)).toBe(1);
  });

  it("a missing tokenFile in the config is one clear line, with the path as written", async () => {
    writeConfig({ servers: [{ name: "work", url: "ws://127.0.0.1:1", tokenFile: "~/.letta-token" }] });
    expect(await exitWithOneLine(["--new-agent"], /config server "work": token file ~\/\.letta-token does not exist/)).toBe(1);
  });

  it("a bad server URL in the config is one clear line", async () => {
    writeConfig({ servers: [{ name: "oops", url: "ftp://x" }] });
    expect(await exitWithOneLine(["--new-agent"], /uses ftp:\/\//)).toBe(1);
  });

  it("refuses a URL password over plain ws:// to another host like a token, typed or configured", async () => {
    expect(await exitWithOneLine(["--url", "ws://alice:hunter2@box.invalid:4500", "--new-agent"], /^letta-tui: a URL password over plain ws:\/\/ to box\.invalid .*--allow-insecure-token/)).toBe(2);
    writeConfig({ servers: [{ name: "lan", url: "ws://alice:hunter2@box.invalid:4500" }] });
    expect(await exitWithOneLine(["--new-agent"], /a URL password over plain ws:\/\/ to box\.invalid/)).toBe(2);
    // With a token the password is not sent (Bearer replaces basic auth): the token is what is refused.
    expect(await exitWithOneLine(["--new-agent", "--token", "t"], /^letta-tui: a token over plain ws:\/\//)).toBe(2);
    expect(await exitWithOneLine(["--new-agent", "--allow-insecure-token", "--timeout", "5"], /^(?!.*plain ws:\/\/).*alice:\*\*\*@box\.invalid/)).toBe(1);
  });

  it("a URL password never reaches stderr: refused, unreachable or misspelt, it shows as ***", async () => {
    const lines: string[] = [];
    const run = (argv: string[]) => main(argv, { stdout: fakeTerminal(), stderr: { write: (t: string) => lines.push(t) } });
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    expect(await run(["--url", "ws://alice:hunter2@127.0.0.1:1", "--new-agent", "--timeout", "5"])).toBe(1);
    expect(await run(["--url", "ftp://alice:hunter2@127.0.0.1:1"])).toBe(2);
    writeConfig({ servers: [{ name: "lab", url: "ws://alice:hunter2@127.0.0.1:1" }] });
    expect(await run(["--new-agent", "--timeout", "5"])).toBe(1);
    const err = lines.join("");
    expect(err.trimEnd().split("\n")).toHaveLength(3);
    expect(err).not.toContain("hunter2");
    expect(err).toContain("ws://alice:***@127.0.0.1:1/ws");
  });
});

describe("withRegistry", () => {
  const URL_A = "ws://127.0.0.1:4500/ws";
  const URL_B = "ws://127.0.0.1:4600/ws";

  it("fills the first server and its token file (with ~/ expanded)", () => {
    writeFileSync(path.join(home, "tok"), "from-file\n");
    writeConfig({ servers: [{ name: "a", url: "127.0.0.1:4500", tokenFile: "~/tok" }] });
    const config = withRegistry(parseCli([], "t"), Registry.open());
    expect(config).toMatchObject({ url: URL_A, token: "from-file" });
  });

  it("a resumed runtime gets its own server's token, found by normalised URL", () => {
    writeConfig({ servers: [{ name: "a", url: "http://127.0.0.1:4500" }, { name: "b", url: "127.0.0.1:4600/", token: "b-token" }] });
    const config = withRegistry(parseCli(["--resume"], "t"), Registry.open(), entry(URL_B));
    expect(config).toMatchObject({ url: URL_B, token: "b-token", attach: { selection: { kind: "existing", agentId: "agent-1", conversationId: "conv-1" } } });
  });

  it("a typed --url finds its configured token; a token on the command line wins", () => {
    writeConfig({ servers: [{ name: "b", url: URL_B, token: "b-token" }] });
    expect(withRegistry(parseCli(["--url", "http://127.0.0.1:4600"], "t"), Registry.open()).token).toBe("b-token");
    expect(withRegistry(parseCli(["--url", URL_B, "--token", "mine"], "t"), Registry.open()).token).toBe("mine");
    expect(withRegistry(parseCli(["--url", URL_A], "t"), Registry.open()).token).toBeUndefined();
  });

  it("the resumed runtime's server beats LETTA_APP_SERVER_URL, which is only a default", () => {
    process.env.LETTA_APP_SERVER_URL = URL_A;
    const parsed = parseCli(["--resume"], "t");
    expect(parsed.urlFromEnv).toBe(true);
    expect(withRegistry(parsed, Registry.open(), entry(URL_B)).url).toBe(URL_B);
    // A runtime on a server we started ourselves is resumed by starting one again.
    expect(withRegistry(parsed, Registry.open(), entry(SPAWNED_SERVER)).url).toBeUndefined();
  });

  it("LETTA_APP_SERVER_TOKEN stays with LETTA_APP_SERVER_URL's server when --resume goes elsewhere", () => {
    writeConfig({ servers: [{ name: "b", url: URL_B, token: "b-token" }] });
    process.env.LETTA_APP_SERVER_URL = URL_A;
    process.env.LETTA_APP_SERVER_TOKEN = "a-token";
    try {
      const parsed = parseCli(["--resume"], "t");
      expect(parsed).toMatchObject({ token: "a-token", tokenFromEnv: true });
      // To b: b's own token from the file, never a's.
      expect(withRegistry(parsed, Registry.open(), entry(URL_B))).toMatchObject({ url: URL_B, token: "b-token" });
      // To a server the file has no token for: none at all.
      expect(withRegistry(parsed, Registry.open(), entry("ws://127.0.0.1:4700/ws")).token).toBeUndefined();
      // To a's own server: a's token still applies.
      expect(withRegistry(parsed, Registry.open(), entry(URL_A)).token).toBe("a-token");
      // A token typed on the command line is the user's explicit choice and stays.
      expect(withRegistry(parseCli(["--resume", "--token", "typed"], "t"), Registry.open(), entry(URL_B)).token).toBe("typed");
    } finally {
      delete process.env.LETTA_APP_SERVER_TOKEN;
    }
  });

  it("keeps a URL's password apart from the URL, and finds the configured server's like its token", () => {
    writeConfig({ servers: [{ name: "lab", url: "ws://alice:from-file@127.0.0.1:4600" }] });
    const masked = "ws://alice:***@127.0.0.1:4600/ws";
    // Typed: masked in the URL everyone sees, the real one beside it for the socket only.
    expect(parseCli(["--url", "ws://alice:typed@127.0.0.1:4600"], "t")).toMatchObject({ url: masked, password: "typed" });
    expect(withRegistry(parseCli(["--url", "ws://alice:typed@127.0.0.1:4600"], "t"), Registry.open()).password).toBe("typed");
    // The first server, used without --url.
    expect(withRegistry(parseCli([], "t"), Registry.open())).toMatchObject({ url: masked, password: "from-file" });
    // A typed URL without a password, and a resumed entry (stored without one), get the file's.
    expect(withRegistry(parseCli(["--url", "ws://alice@127.0.0.1:4600"], "t"), Registry.open())).toMatchObject({ url: "ws://alice@127.0.0.1:4600/ws", password: "from-file" });
    expect(withRegistry(parseCli(["--resume"], "t"), Registry.open(), entry("ws://alice@127.0.0.1:4600/ws")).password).toBe("from-file");
    // An entry an older version stored with its password still connects with it this once.
    expect(withRegistry(parseCli(["--resume"], "t"), Registry.open(), entry("ws://bob:old@127.0.0.1:4700/ws"))).toMatchObject({ url: "ws://bob:***@127.0.0.1:4700/ws", password: "old" });
  });

  it("LETTA_APP_SERVER_URL's password stays with its server when --resume goes elsewhere", () => {
    process.env.LETTA_APP_SERVER_URL = "ws://alice:env-pass@127.0.0.1:4500";
    const parsed = parseCli(["--resume"], "t");
    expect(parsed).toMatchObject({ url: "ws://alice:***@127.0.0.1:4500/ws", password: "env-pass" });
    const resumed = withRegistry(parsed, Registry.open(), entry(URL_B));
    expect(resumed.url).toBe(URL_B);
    expect(resumed.password).toBeUndefined();
  });

  it("a typed --url narrows --resume to that server's runtimes", () => {
    const registry = Registry.open();
    registry.recordRuntime({ agentId: "a", conversationId: "c", serverUrl: URL_A });
    registry.recordRuntime({ agentId: "b", conversationId: "c", serverUrl: URL_B });
    registry.recordRuntime({ agentId: "s", conversationId: "c", serverUrl: SPAWNED_SERVER });
    expect(resumable(parseCli(["--resume", "--url", "127.0.0.1:4600"], "t"), registry).map((r) => r.agentId)).toEqual(["b"]);
    expect(resumable(parseCli(["--resume"], "t"), registry)).toHaveLength(3);
    process.env.LETTA_APP_SERVER_URL = URL_A;
    expect(resumable(parseCli(["--resume"], "t"), registry)).toHaveLength(3);
  });

  it("leaves out runtimes that dialled in to letta-tui listen: there is no URL to dial", () => {
    const registry = Registry.open();
    registry.recordRuntime({ agentId: "a", conversationId: "c", serverUrl: URL_A });
    registry.recordRuntime({ agentId: "d", conversationId: "c", serverUrl: directRegistryLabel("laptop") });
    expect(resumable(parseCli(["--resume"], "t"), registry).map((r) => r.agentId)).toEqual(["a"]);
  });
});

describe("rememberer", () => {
  /** Just enough store: the device status of each runtime, and change notifications. */
  function fakeStore() {
    const listeners = new Set<() => void>();
    let runtimes: Record<string, { device: { current_working_directory: string } | null }> = {};
    const store = {
      getState: () => ({ runtimes }) as unknown as AppState,
      dispatch: () => undefined,
      subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    } satisfies Store;
    return {
      store,
      listeners,
      setCwd(key: string, cwd: string) {
        runtimes = { ...runtimes, [key]: { device: { current_working_directory: cwd } } };
        for (const l of [...listeners]) l();
      },
    };
  }

  it("stores --name and --role with the first runtime only, and the cwd the server reports once it arrives", () => {
    const registry = Registry.open();
    const fake = fakeStore();
    const hook = rememberer(registry, "ws://127.0.0.1:4500/ws", { name: "reviewer-bot", role: "reviewer" }, fake.store);
    hook({ agent_id: "agent-1", conversation_id: "conv-1" }, { agentName: "Agent One" });
    hook({ agent_id: "agent-1", conversation_id: "conv-2" }, { cwd: "/given" });
    fake.setCwd("agent-1/conv-1", "/srv/project");
    expect(fake.listeners.size).toBe(1); // conv-2 still waits for its device status
    const reread = Registry.open().recentRuntimes();
    const first = reread.find((r) => r.conversationId === "conv-1");
    const second = reread.find((r) => r.conversationId === "conv-2");
    expect(first).toMatchObject({ name: "reviewer-bot", role: "reviewer", agentName: "Agent One", cwd: "/srv/project" });
    expect(second).toMatchObject({ cwd: "/given" });
    expect(second?.name).toBeUndefined();
    expect(second?.role).toBeUndefined();
  });
});
