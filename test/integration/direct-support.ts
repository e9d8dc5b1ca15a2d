import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { lettaEntry, node22Bin } from "../../scripts/install-letta.mjs";

/** One real Letta Code runtime started as `letta remote` (RECIPE §7), dialling our endpoint. */
export interface DialingRuntime {
  readonly home: string;
  readonly workDir: string;
  readonly envName: string;
  output(): string;
  /** Resolves with the exit code once the process has ended (by itself or killed). */
  exited(): Promise<number | null>;
  /** SIGKILL the whole process group, as a crash or a pulled plug would. */
  kill(): Promise<void>;
  /** Start it again with the same HOME, cwd and env name (so the same deviceId). */
  restart(): void;
  /** Kill it and remove its temp dirs. */
  dispose(): Promise<void>;
}

export interface RuntimeSpec {
  baseUrl: string;
  token: string;
  envName: string;
  modelUrl: string;
}

export function startDialingRuntime(spec: RuntimeSpec): DialingRuntime {
  const home = realpathSync(mkdtempSync(join(tmpdir(), "letta-tui-direct-home-")));
  const workDir = realpathSync(mkdtempSync(join(tmpdir(), "letta-tui-direct-work-")));
  const node = node22Bin();
  // A clean env: nothing from the developer's shell (API keys, LETTA_* settings) may leak in.
  const env = {
    PATH: [dirname(node), "/usr/bin", "/bin"].join(":"),
    HOME: home,
    SHELL: "/bin/bash",
    LANG: "C.UTF-8",
    LETTA_BASE_URL: spec.baseUrl,
    IGNORE_SELF_HOSTED_LISTENER_ERROR: "1",
    LETTA_API_KEY: spec.token,
    LETTA_LOCAL_BACKEND_EXPERIMENTAL: "1",
    LLAMA_CPP_BASE_URL: spec.modelUrl,
  };
  let out = "";
  let child: ChildProcess;
  let exit: Promise<number | null>;
  const launch = () => {
    child = spawn(node, [lettaEntry, "remote", "--env-name", spec.envName, "--backend", "local", "--debug"], {
      cwd: workDir,
      env,
      detached: true, // own process group, so kill() also reaches the tools it spawned
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (out = (out + d).slice(-200_000)));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (out = (out + d).slice(-200_000)));
    exit = new Promise((resolve) => {
      child.once("exit", (code) => resolve(code));
      child.once("error", () => resolve(null));
    });
  };
  launch();
  const kill = async () => {
    const pid = child.pid;
    if (pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    await exit;
  };
  return {
    home,
    workDir,
    envName: spec.envName,
    output: () => out,
    exited: () => exit,
    kill,
    restart: launch,
    async dispose() {
      await kill();
      rmSync(home, { recursive: true, force: true });
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
