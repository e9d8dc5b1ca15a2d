import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { lettaEntry, node22Bin } from "../../scripts/install-letta.mjs";

/** One real Letta Code runtime started from the command `letta-tui listen` prints (RECIPE §7). */
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
  /** The exact line `letta-tui listen` prints (runtimeCommand), run as written. */
  command: string;
  modelUrl: string;
}

/** The printed line split as a POSIX shell would: leading VAR=value words, then the argv. */
export function parsePrintedCommand(line: string): { env: Record<string, string>; argv: string[] } {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? "";
    if (c === " ") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in: ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === "\\") {
      word = (word ?? "") + (line[++i] ?? "");
    } else if (/[A-Za-z0-9_@%+=:,./-]/.test(c)) {
      word = (word ?? "") + c;
    } else {
      // Anything else would need a real shell to mean what the user's shell makes of it.
      throw new Error(`the printed command uses ${JSON.stringify(c)}, which this parser does not handle: ${line}`);
    }
  }
  if (word !== null) words.push(word);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i] ?? "");
    if (!m) break;
    env[m[1] ?? ""] = m[2] ?? "";
  }
  return { env, argv: words.slice(i) };
}

export function startDialingRuntime(spec: RuntimeSpec): DialingRuntime {
  const home = realpathSync(mkdtempSync(join(tmpdir(), "letta-tui-direct-home-")));
  const workDir = realpathSync(mkdtempSync(join(tmpdir(), "letta-tui-direct-work-")));
  const node = node22Bin();
  const printed = parsePrintedCommand(spec.command);
  const [program, ...args] = printed.argv;
  if (program !== "letta") throw new Error(`the printed command does not run letta: ${spec.command}`);
  const envName = args[args.indexOf("--env-name") + 1] ?? "";
  // A clean env: nothing from the developer's shell (API keys, LETTA_* settings) may leak in.
  // Beyond the printed line only what this machine needs: where the scripted model is.
  const env = {
    PATH: [dirname(node), "/usr/bin", "/bin"].join(":"),
    HOME: home,
    SHELL: "/bin/bash",
    LANG: "C.UTF-8",
    LLAMA_CPP_BASE_URL: spec.modelUrl,
    ...printed.env,
  };
  let out = "";
  let child: ChildProcess;
  let exit: Promise<number | null>;
  const launch = () => {
    // `letta` is the installed package's entry; --debug logs plain text, as there is no terminal.
    child = spawn(node, [lettaEntry, ...args, "--debug"], {
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
    envName,
    output: () => out,
    exited: () => exit,
    kill,
    restart: launch,
    async dispose() {
      await kill();
      // As in scripts/harness/launch-server.mjs: a process of the runtime may still be writing.
      for (const dir of [home, workDir]) rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    },
  };
}
