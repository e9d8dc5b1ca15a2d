import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { Registry } from "../../src/registry/registry.js";

// `letta-tui listen` refuses bad options in one line, like every other command.

async function run(...argv: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const code = await main(argv, { stdout: process.stdout, stderr: { write: (t: string) => (err += t) } });
  return { code, err };
}

/** Run `fn` with a fresh config directory of its own, restored and removed afterwards. */
async function withConfigDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const saved = process.env.XDG_CONFIG_HOME;
  const dir = mkdtempSync(join(tmpdir(), "letta-tui-listen-cfg-"));
  process.env.XDG_CONFIG_HOME = dir;
  try {
    await fn(dir);
  } finally {
    if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = saved;
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("letta-tui listen options", () => {
  it.each([
    [["listen", "--port", "99999"], /--port must be a port number/],
    [["listen", "--mode", "plan"], /unknown --mode "plan"/],
    [["listen", "--bogus"], /unknown option '--bogus'/],
  ])("%j", async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("letta-tui listen token file", () => {
  it("keeps the generated token next to config.json, and a bind failure is one line", async () => {
    await withConfigDir(async (dir) => {
      // TEST-NET-3: never an address of this machine, so the bind fails after the token is made.
      const r = await run("listen", "--host", "203.0.113.1", "--port", "0");
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^letta-tui: listen EADDRNOTAVAIL/);
      expect(r.err.trimEnd().split("\n")).toHaveLength(1);
      const token = join(dirname(Registry.open().path), "direct-token");
      expect(token.startsWith(dir)).toBe(true);
      expect(existsSync(token)).toBe(true);
      expect(statSync(token).mode & 0o777).toBe(0o600);
    });
  });
});

describe("letta-tui listen without a terminal", () => {
  it("says the config file's problems and that it needs a terminal, and stops its endpoint", async () => {
    await withConfigDir(async (dir) => {
      mkdirSync(join(dir, "letta-tui"), { recursive: true });
      writeFileSync(join(dir, "letta-tui", "config.json"), "[1, 2]");
      const r = await run("listen", "--port", "0");
      expect(r.code).toBe(2);
      const lines = r.err.trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^letta-tui: config: .*not a JSON object/);
      expect(lines[1]).toMatch(/^letta-tui: listen needs a terminal/);
    });
  });
});

describe("letta-tui listen with a transport log directory it cannot write", () => {
  it("says so on stderr, once, and keeps the config directory and token owner-only", async () => {
    await withConfigDir(async (dir) => {
      const saved = process.env.XDG_STATE_HOME;
      // Under a regular file: ENOTDIR, which stops root too.
      writeFileSync(join(dir, "a-file"), "");
      process.env.XDG_STATE_HOME = join(dir, "a-file", "state");
      try {
        const r = await run("listen", "--port", "0");
        expect(r.code).toBe(2);
        const lines = r.err.trimEnd().split("\n");
        expect(lines).toEqual([expect.stringMatching(/^letta-tui: cannot open the transport log: ENOTDIR.*; this session is not logged$/), expect.stringMatching(/^letta-tui: listen needs a terminal/)]);
        const configDir = dirname(Registry.open().path);
        expect(statSync(configDir).mode & 0o777).toBe(0o700);
        expect(statSync(join(configDir, "direct-token")).mode & 0o777).toBe(0o600);
      } finally {
        if (saved === undefined) delete process.env.XDG_STATE_HOME;
        else process.env.XDG_STATE_HOME = saved;
      }
    });
  });
});
