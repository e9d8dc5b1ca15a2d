import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_RUNTIMES, Registry, type RuntimeRecord } from "../../src/registry/registry.js";
import { parseRegistryFile } from "../../src/registry/schema.js";
import { asUnprivileged } from "./unprivileged.js";
import { relativeTime, resumeItems, resumeKey, findResume } from "../../src/ui/pickers/resume.js";

const root = mkdtempSync(path.join(tmpdir(), "letta-tui-registry-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh config directory per test, optionally with a config.json already in it. */
function dir(content?: string): string {
  const d = path.join(root, `case-${++n}`);
  mkdirSync(d);
  if (content !== undefined) writeFileSync(path.join(d, "config.json"), content);
  return d;
}

const SERVER = "ws://127.0.0.1:4500/ws";
const rt = (i: number, extra: Partial<RuntimeRecord> = {}): RuntimeRecord => ({
  agentId: `agent-${i}`,
  conversationId: `conv-${i}`,
  serverUrl: SERVER,
  ...extra,
});
const at = (minutes: number) => new Date(Date.UTC(2025, 0, 1, 0, minutes));
const rawFile = (d: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(d, "config.json"), "utf8"));

describe("Registry", () => {
  it("starts empty without a file, and opening does not create one", () => {
    const d = dir();
    const reg = Registry.open({ cwd: d });
    expect(reg.path).toBe(path.join(d, "config.json"));
    expect(reg.recentRuntimes()).toEqual([]);
    expect(reg.servers()).toEqual([]);
    expect(reg.tools()).toEqual([]);
    expect(reg.defaultServer()).toBeUndefined();
    expect(reg.warning).toBeUndefined();
    expect(existsSync(reg.path)).toBe(false);
  });

  it("round-trips recorded runtimes, newest first, upserting by server+agent+conversation", () => {
    const d = dir();
    const reg = Registry.open({ cwd: d });
    expect(reg.recordRuntime(rt(1, { cwd: "/work/a", name: "alpha" }), at(1))).toBe(true);
    reg.recordRuntime(rt(2), at(2));
    reg.recordRuntime(rt(3), at(3));
    // Resuming 1 without cwd or name keeps both and moves it to the front.
    reg.recordRuntime(rt(1), at(4));
    const again = Registry.open({ cwd: d });
    expect(again.warning).toBeUndefined();
    const recent = again.recentRuntimes();
    expect(recent.map((r) => r.agentId)).toEqual(["agent-1", "agent-3", "agent-2"]);
    expect(recent[0]).toEqual({ ...rt(1), cwd: "/work/a", name: "alpha", lastStarted: at(4).toISOString() });
    expect(again.recentRuntimes(2)).toHaveLength(2);
    // Same agent and conversation on another server is another runtime.
    again.recordRuntime(rt(1, { serverUrl: "ws://10.0.0.2:4500/ws" }), at(5));
    expect(Registry.open({ cwd: d }).recentRuntimes()).toHaveLength(4);
  });

  it("keeps only the 50 most recent and defaults to 20", () => {
    const d = dir();
    const reg = Registry.open({ cwd: d });
    for (let i = 0; i < MAX_RUNTIMES + 5; i++) reg.recordRuntime(rt(i), at(i));
    const stored = rawFile(d).runtimes as unknown[];
    expect(stored).toHaveLength(50);
    const again = Registry.open({ cwd: d });
    expect(again.recentRuntimes()).toHaveLength(20);
    const all = again.recentRuntimes(100);
    expect(all).toHaveLength(50);
    expect(all[0]?.agentId).toBe("agent-54");
    expect(all[49]?.agentId).toBe("agent-5");
  });

  it("writes the file 0600, and fixes a looser mode on the next write", () => {
    const d = dir();
    const reg = Registry.open({ cwd: d });
    reg.recordRuntime(rt(1));
    expect(statSync(reg.path).mode & 0o777).toBe(0o600);
    chmodSync(reg.path, 0o644);
    Registry.open({ cwd: d }).recordRuntime(rt(2));
    expect(statSync(reg.path).mode & 0o777).toBe(0o600);
  });

  it("moves a broken file aside with a warning and starts empty", () => {
    const d = dir('{"servers": [ oops');
    const reg = Registry.open({ cwd: d });
    expect(reg.warning).toMatch(/not valid JSON.*moved it to .*config\.json\.broken-/);
    expect(reg.recentRuntimes()).toEqual([]);
    const aside = readdirSync(d).filter((f) => f.startsWith("config.json.broken-"));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(d, aside[0]!), "utf8")).toBe('{"servers": [ oops');
    expect(reg.recordRuntime(rt(1))).toBe(true);
    expect(Registry.open({ cwd: d }).recentRuntimes()).toHaveLength(1);
  });

  it("treats JSON that is not an object as broken too", () => {
    const d = dir("[1, 2]");
    const reg = Registry.open({ cwd: d });
    expect(reg.warning).toMatch(/not a JSON object/);
    expect(readdirSync(d).some((f) => f.startsWith("config.json.broken-"))).toBe(true);
  });

  it("does not overwrite a file that broke after opening", () => {
    const d = dir();
    const reg = Registry.open({ cwd: d });
    reg.recordRuntime(rt(1));
    writeFileSync(reg.path, "{ half-edited");
    expect(reg.recordRuntime(rt(2))).toBe(false);
    expect(reg.warning).toMatch(/could not save/);
    expect(readFileSync(reg.path, "utf8")).toBe("{ half-edited");
    // The session still sees what it recorded.
    expect(reg.recentRuntimes()).toHaveLength(2);
  });

  it("leaves an unreadable file alone and saves nothing (as root too: see asUnprivileged)", () => {
    const d = dir('{"runtimes": []}');
    chmodSync(path.join(d, "config.json"), 0o000);
    const reg = asUnprivileged(() => Registry.open({ cwd: d }));
    expect(reg.warning).toMatch(/cannot read/);
    expect(asUnprivileged(() => reg.recordRuntime(rt(1)))).toBe(false);
    expect(reg.recentRuntimes()).toHaveLength(1);
    chmodSync(path.join(d, "config.json"), 0o600);
    expect(readFileSync(path.join(d, "config.json"), "utf8")).toBe('{"runtimes": []}');
  });

  it("leaves a config.json that is not a file alone (runs as root too)", () => {
    const d = dir();
    mkdirSync(path.join(d, "config.json"));
    const reg = Registry.open({ cwd: d });
    expect(reg.warning).toMatch(/cannot read .*case-\d+\/config\.json \(EISDIR/);
    expect(reg.path).toBe(path.join(d, "config.json"));
    expect(readdirSync(d)).toEqual(["config.json"]);
    expect(reg.recordRuntime(rt(1))).toBe(false);
    expect(statSync(path.join(d, "config.json")).isDirectory()).toBe(true);
  });

  it.runIf(process.platform === "linux")("lives in the platform config directory by default, without the -nodejs suffix", () => {
    const saved = process.env.XDG_CONFIG_HOME;
    const home = dir();
    process.env.XDG_CONFIG_HOME = home;
    try {
      expect(Registry.open().path).toBe(path.join(home, "letta-tui", "config.json"));
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });

  it("never writes a token that was not in the file, and keeps one that was", () => {
    const d = dir(JSON.stringify({ servers: [{ name: "home", url: SERVER, tokenFile: "~/.letta-token" }] }));
    const reg = Registry.open({ cwd: d });
    // A caller passing more than a RuntimeRecord (say, its whole config) must not leak the token.
    const sloppy = { ...rt(1), token: "secret" } as RuntimeRecord;
    reg.recordRuntime(sloppy);
    expect(readFileSync(reg.path, "utf8")).not.toContain("secret");
    expect(readFileSync(reg.path, "utf8")).not.toContain('"token"');
    expect(rawFile(d).servers).toEqual([{ name: "home", url: SERVER, tokenFile: "~/.letta-token" }]);

    const withToken = { servers: [{ name: "lab", url: "wss://lab:4500/ws", token: "t0k" }], custom: { kept: true } };
    const d2 = dir(JSON.stringify(withToken));
    const reg2 = Registry.open({ cwd: d2 });
    expect(reg2.defaultServer()).toEqual(withToken.servers[0]);
    reg2.recordRuntime(rt(1));
    const after = rawFile(d2);
    expect(after.servers).toEqual(withToken.servers);
    expect(after.custom).toEqual({ kept: true });
  });

  it("never writes a URL's password, masked or not, and drops one an older version wrote", () => {
    const old = { agentId: "agent-0", conversationId: "conv-0", serverUrl: "ws://bob:oldpass@10.0.0.2:4500/ws", lastStarted: "2024-01-01T00:00:00.000Z" };
    const d = dir(JSON.stringify({ servers: [{ name: "lab", url: "ws://alice:typed-by-hand@10.0.0.1:4500" }], runtimes: [old] }));
    const reg = Registry.open({ cwd: d });
    reg.recordRuntime(rt(1, { serverUrl: "ws://alice:s3cret@10.0.0.1:4500/ws" }));
    reg.recordRuntime(rt(2, { serverUrl: "ws://alice:***@10.0.0.1:4500/ws" }));
    const text = readFileSync(reg.path, "utf8");
    expect(text).not.toMatch(/s3cret|\*\*\*|oldpass/);
    expect(rawFile(d).runtimes).toEqual([
      expect.objectContaining({ agentId: "agent-2", serverUrl: "ws://alice@10.0.0.1:4500/ws" }),
      expect.objectContaining({ agentId: "agent-1", serverUrl: "ws://alice@10.0.0.1:4500/ws" }),
      expect.objectContaining({ agentId: "agent-0", serverUrl: "ws://bob@10.0.0.2:4500/ws" }),
    ]);
    // What the user wrote in the servers list is theirs: read, never rewritten.
    expect(rawFile(d).servers).toEqual([{ name: "lab", url: "ws://alice:typed-by-hand@10.0.0.1:4500" }]);
  });

  it.skipIf(process.platform === "win32")("creates its directory 0700, and leaves an existing one's mode alone", () => {
    const d = path.join(dir(), "new", "letta-tui");
    Registry.open({ cwd: d }).recordRuntime(rt(1));
    expect(statSync(d).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(d, "config.json")).mode & 0o777).toBe(0o600);
    const existing = dir();
    chmodSync(existing, 0o750);
    Registry.open({ cwd: existing }).recordRuntime(rt(1));
    expect(statSync(existing).mode & 0o777).toBe(0o750);
  });

  it("parses tools, dropping a malformed one with a warning and leaving it in the file", () => {
    const tools = [
      { name: "weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } } }, command: "./weather.sh", timeoutSeconds: 10 },
      { name: "broken", description: "no command", parameters: { type: "object" } },
      { name: "echo", description: "Echo", parameters: { type: "object" }, command: "cat" },
      "not even an object",
    ];
    const d = dir(JSON.stringify({ tools, runtimes: [{ agentId: "x" }] }));
    const reg = Registry.open({ cwd: d });
    expect(reg.tools().map((t) => t.name)).toEqual(["weather", "echo"]);
    expect(reg.tools()[0]).toEqual(tools[0]);
    expect(reg.warnings.some((w) => /tools\[1\] dropped: command/.test(w))).toBe(true);
    expect(reg.warnings.some((w) => /tools\[3\] dropped/.test(w))).toBe(true);
    expect(reg.warnings.some((w) => /runtimes\[0\] dropped/.test(w))).toBe(true);
    reg.recordRuntime(rt(1));
    // The hand-written list is not the registry's to rewrite, bad entries included.
    expect(rawFile(d).tools).toEqual(tools);
  });
});

describe("parseRegistryFile", () => {
  it("fills defaults, ignores a non-list and refuses duplicate tool names", () => {
    expect(parseRegistryFile({})).toEqual({ file: { servers: [], runtimes: [], tools: [] }, warnings: [] });
    const tool = { name: "t", description: "", parameters: {}, command: "true" };
    const parsed = parseRegistryFile({ servers: "nope", tools: [tool, { ...tool, command: "false" }] });
    expect(parsed.file.servers).toEqual([]);
    expect(parsed.file.tools).toEqual([tool]);
    expect(parsed.warnings).toEqual(["servers ignored: expected a list", 'tool "t" defined twice; the first one is used']);
    expect(parseRegistryFile(null).warnings).toHaveLength(1);
  });
});

describe("the notify settings", () => {
  it("are read when well formed; a mistake costs the setting with a warning, not the file", () => {
    expect(parseRegistryFile({ notify: { on: "all", turnSeconds: 60 } }).file.notify).toEqual({ on: "all", turnSeconds: 60 });
    const bad = parseRegistryFile({ notify: { on: "sometimes" }, tools: [] });
    expect(bad.file.notify).toBeUndefined();
    expect(bad.warnings).toHaveLength(1);
    expect(bad.warnings[0]).toMatch(/^notify ignored: on: /);
    expect(parseRegistryFile({ notify: { turnSeconds: -1 } }).warnings[0]).toMatch(/^notify ignored: turnSeconds/);
  });
});

describe("resumeItems", () => {
  const now = new Date("2025-01-01T12:00:00Z");
  it("labels by name, agent name or short id, with cwd, age and host:port", () => {
    const items = resumeItems(
      [
        { agentId: "agent-local-a336f0e1c2", conversationId: "conv-9f8e7d6c5b4a", serverUrl: SERVER, cwd: "/srv/proj", name: "fixer", lastStarted: "2025-01-01T09:00:00Z" },
        { agentId: "agent-2", conversationId: "default", serverUrl: "wss://lab.example:8443/ws", agentName: "Lab", lastStarted: "2025-01-01T11:58:00Z" },
        { agentId: "agent-local-a336f0e1c2", conversationId: "default", serverUrl: SERVER, lastStarted: "2025-01-01T11:59:30Z" },
      ],
      now,
    );
    expect(items.map((i) => [i.label, i.detail])).toEqual([
      ["fixer / conv-9f8e7d6c…", "/srv/proj · 3 h ago · 127.0.0.1:4500"],
      ["Lab / default", "2 min ago · lab.example:8443"],
      ["agent-local-a336f0e1… / default", "just now · 127.0.0.1:4500"],
    ]);
    const runtime = { agentId: "a", conversationId: "c", serverUrl: SERVER, lastStarted: now.toISOString() };
    expect(findResume([runtime], resumeKey(runtime))).toBe(runtime);
  });

  it("words ages", () => {
    expect(relativeTime("2024-12-29T12:00:00Z", now)).toBe("3 d ago");
    expect(relativeTime("2024-10-01T00:00:00Z", now)).toBe("2024-10-01");
    expect(relativeTime("2025-01-02T00:00:00Z", now)).toBe("just now");
    expect(relativeTime("garbage", now)).toBe("—");
  });
});
