#!/usr/bin/env node
// Installs the real Letta Code App Server (0.32.18) into an ignored cache folder, idempotently.
// `npm install @letta-ai/letta-code` fails on a bare registry (some bundled-anyway deps are
// missing), so we unpack the published tarball and add only the five externals its bundle loads.
// Runs under any Node >= 18; the server itself later runs on the project's Node 22.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const LETTA_VERSION = "0.32.18";
const EXTERNALS = {
  ws: "^8.19.0",
  "node-pty": "^1.1.0",
  ajv: "^8",
  "ajv-formats": "^3",
  sharp: "^0.34.5",
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const cacheDir = join(root, ".cache");
export const lettaDir = join(cacheDir, `letta-code-${LETTA_VERSION}`);
export const lettaEntry = join(lettaDir, "package", "letta.js");
const doneMarker = join(lettaDir, ".installed");

function log(msg) {
  process.stderr.write(`[letta-tui setup] ${msg}\n`);
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status})\n${out}`);
  }
  return r.stdout;
}

function hasCommand(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

// The local backend keeps agent memory in a git repository; without git every runtime_start
// fails with "spawn git ENOENT", so install it when we are allowed to.
function ensureGit() {
  if (hasCommand("git")) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && hasCommand("apt-get")) {
    log("git is missing; installing it with apt-get");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "git"]);
    return;
  }
  throw new Error("git is required by the Letta Code local backend; please install git and retry");
}

export function node22Bin() {
  // The `node` devDependency puts a Node 22 binary here; the server needs >= 22.19.
  const local = join(root, "node_modules", ".bin", "node");
  return existsSync(local) ? local : process.execPath;
}

function installLetta() {
  if (existsSync(doneMarker) && existsSync(lettaEntry)) return false;
  log(`installing @letta-ai/letta-code@${LETTA_VERSION} into ${lettaDir}`);
  const tmp = `${lettaDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run("npm", ["pack", `@letta-ai/letta-code@${LETTA_VERSION}`, "--silent"], tmp);
  const tgz = readdirSync(tmp).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error("npm pack produced no tarball");
  run("tar", ["xzf", tgz], tmp);
  rmSync(join(tmp, tgz));
  writeFileSync(
    join(tmp, "package.json"),
    JSON.stringify({ name: "letta-server-cache", private: true, dependencies: EXTERNALS }, null, 2),
  );
  // Install the externals with the Node 22 on PATH so native addons match the runtime.
  const env = { ...process.env, PATH: `${dirname(node22Bin())}:${process.env.PATH}` };
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: tmp,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`installing the server's externals failed:\n${r.stderr}`);
  writeFileSync(join(tmp, ".installed"), `${LETTA_VERSION}\n`);
  rmSync(lettaDir, { recursive: true, force: true });
  renameSync(tmp, lettaDir);
  return true;
}

export function ensureLetta() {
  ensureGit();
  const installed = installLetta();
  if (installed) log("letta-code ready");
  return lettaEntry;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureLetta();
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
