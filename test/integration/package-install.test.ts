import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LETTA_MODEL, startLettaServer, type LettaServer } from "./support.js";

// What a user gets from `npm install -g letta-tui`: the packed tarball, installed into a fresh
// prefix and run from an unrelated directory with Node 22 on PATH. Nothing from this checkout
// (its node_modules, src, the dev-only `node` package) may be needed at run time.

const root = resolve(import.meta.dirname, "../..");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
// The Node 22 running this test; a user's machine has its own, found on PATH like this.
const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}/usr/local/bin${delimiter}/usr/bin${delimiter}/bin` };
delete env.npm_config_prefix;

let scratch: string;
let tarball: string;
let bin: string;
let elsewhere: string;
let server: LettaServer;

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

// Asynchronous on purpose: the scripted model runs in this process and must keep answering.
async function letta(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(bin, args, { cwd: elsewhere, env, encoding: "utf8", timeout: 120_000 });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "letta-tui-pack-"));
  elsewhere = join(scratch, "somewhere-else");
  mkdirSync(elsewhere);
  // dist/ is already built (pretest); packing must not rebuild it under the other running tests.
  const name = npm(["pack", "--silent", "--ignore-scripts", "--pack-destination", scratch], root).trim().split("\n").pop()!;
  tarball = join(scratch, name);
  npm(["install", "--global", "--prefix", join(scratch, "prefix"), "--no-audit", "--no-fund", "--prefer-offline", tarball], scratch);
  bin = join(scratch, "prefix", "bin", "letta-tui");
  server = await startLettaServer();
}, 600_000);

afterAll(async () => {
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("the installable package", () => {
  it("holds only what runs: the bundled program and its dependencies' notices, the launcher, README and licence", () => {
    const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    const outside = files.filter((f) => !/^package\/(dist\/cli\/letta-tui\.mjs(\.LEGAL\.txt)?|bin\/letta-tui\.js|README\.md|LICENSE|package\.json)$/.test(f));
    expect(outside).toEqual([]);
    expect(files).toContain("package/dist/cli/letta-tui.mjs");
  });

  it("installs without the project's own Node package", () => {
    const installed = readdirSync(join(scratch, "prefix", "lib", "node_modules", "letta-tui", "node_modules"));
    expect(installed).toContain("ink");
    expect(installed).not.toContain("node");
    expect(installed).not.toContain("vitest");
  });

  it("prints its version and help from any directory", async () => {
    const v = await letta(["--version"]);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const h = await letta(["--help"]);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/Usage: letta-tui/);
    expect(h.stderr).toBe("");
  });

  it("attaches to a real App Server and gets a reply", async () => {
    const r = await letta(["send", "hi [[text:from the package]]", "--url", server.url, "--new-agent", "pkg", "--model", LETTA_MODEL, "--cwd", server.workDir]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("from the package\n");
    expect(r.status).toBe(0);
  });
});
