import { Command, CommanderError, Option } from "commander";
import type { AttachOptions, RuntimeSelection } from "../controller/selection.js";
import { PERMISSION_MODES, PermissionModeSchema } from "../protocol/runtime.js";
import { NOTIFY_ON, type NotifyOn } from "../registry/schema.js";
import { checkTokenTransport, resolveToken, TOKEN_ENV } from "../transport/token.js";
import { parseServerAddress, type ServerAddress } from "../transport/url.js";

export interface CliConfig {
  /**
   * Already normalised (ws://host:port/ws); absent means "start our own letta server". A password
   * in it is masked (`user:***@`): this is the URL shown, logged and stored.
   */
  url?: string;
  /** The URL's real password, handed to the socket only (never shown, logged or stored). */
  password?: string;
  /** Resolved from --token, --token-file or LETTA_APP_SERVER_TOKEN, in that order. */
  token?: string;
  /** --log-file: write the transport log here instead of a new file in the state directory. */
  logFile?: string;
  attach: AttachOptions;
  startTimeoutMs: number;
  hint?: string;
  /** The `letta` to start when there is no URL (else the one on PATH). */
  lettaBin?: string;
  /** --resume: pick a recent runtime before connecting. */
  resume?: boolean;
  /** True when the URL came from LETTA_APP_SERVER_URL rather than a typed --url. */
  urlFromEnv?: boolean;
  /** True when the token came from LETTA_APP_SERVER_TOKEN: it belongs to that variable's server. */
  tokenFromEnv?: boolean;
  /**
   * --allow-insecure-token, kept because the URL or token may still come from the config file;
   * main checks the final pair with `checkFinalTransport`.
   */
  allowInsecureToken?: boolean;
  /** --name and --role: remembered with the runtime for --resume. */
  labels?: RuntimeLabels;
  /** --notify: overrides the config file's notify.on. */
  notify?: NotifyOn;
}

export interface RuntimeLabels {
  name?: string;
  role?: string;
}

/** A mistake in how the program was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface RawOptions {
  url?: string;
  token?: string;
  tokenFile?: string;
  logFile?: string;
  allowInsecureToken?: boolean;
  agent?: string;
  conversation?: string;
  newConversation?: boolean;
  newAgent?: string | boolean;
  model?: string;
  cwd?: string;
  mode?: string;
  timeout: string;
  hint?: string;
  lettaBin?: string;
  resume?: boolean;
  name?: string;
  role?: string;
  notify?: string;
}

/**
 * The options every command that talks to a runtime shares (the TUI, `send`): where the server
 * is, how to authenticate, which runtime, and how to start it.
 */
export function addSessionOptions(cmd: Command): Command {
  return (
    cmd
      .addOption(new Option("--url <url>", "App Server URL, e.g. ws://127.0.0.1:4500").env("LETTA_APP_SERVER_URL"))
      // The environment is read by resolveToken, not commander, so that --token-file can sit
      // between --token and the variable in precedence.
      .option("--token <token>", `bearer token for a server started with --ws-auth (env: ${TOKEN_ENV}); visible to other local users in ps, prefer --token-file`)
      .option("--token-file <path>", "read the bearer token from this file (trimmed)")
      .option("--allow-insecure-token", "send the token (or a URL password) over plain ws:// to a non-loopback host")
      .option("--log-file <path>", "write the transport log (frames both ways, tokens redacted) to this file")
      .option("--agent <id>", "attach to this agent (its default conversation unless --conversation or --new-conversation)")
      .option("--conversation <id>", "conversation id, or 'default'")
      .option("--new-conversation", "start a new conversation for --agent")
      .option("--new-agent [name]", "create a new agent (and conversation)")
      .option("--model <handle>", "model handle for --new-agent, e.g. llama.cpp/fake-model")
      .option("--cwd <dir>", "working directory for the agent's tools, as the server sees it")
      .option("--mode <mode>", `permission mode: ${PERMISSION_MODES.join(", ")}`)
      .option("--timeout <seconds>", "how long to wait for the server to start the runtime", "60")
      .option("--name <name>", "a display name for this runtime, remembered for --resume")
      .option("--role <role>", "what this runtime is for (e.g. reviewer), remembered for --resume")
  );
}

/** Commander set up to throw instead of exiting, and to print nothing on errors (we do). */
export function quietCommand(name: string): Command {
  return new Command(name).showSuggestionAfterError(true).exitOverride().configureOutput({ writeErr: () => undefined });
}

export function buildProgram(version: string): Command {
  return addSessionOptions(
    quietCommand("letta-tui")
      .description("A terminal UI for the Letta Code App Server (letta server --listen).")
      .version(version, "-V, --version", "print the version")
      .helpOption("-h, --help", "show this help"),
  )
    .option("--letta-bin <path>", "the letta to start when no --url is given (default: letta on PATH)")
    .option("--resume", "pick one of the recent conversations to attach to")
    .option("--notify <when>", `bell and desktop notification while the terminal is not focused, for: ${NOTIFY_ON.join(", ")} (default cards)`)
    .addOption(new Option("--hint <text>", "one line shown above the input").hideHelp())
    .addHelpText(
      "after",
      "\nWithout --url, letta-tui starts its own `letta server --listen` and stops it on exit.\nWith neither --agent nor --new-agent, it attaches to the agent that ran last\n(its default conversation), or creates a new agent when the server has none.\n\nCommands:\n  letta-tui send MESSAGE [options]   send one message without the UI (see send --help)\n  letta-tui replay LOGFILE           play a transport log back, read-only (see replay --help)",
    );
}

/** Parse with commander, turning its errors into one-line UsageErrors (help/version pass through). */
export function parseWith(program: Command, argv: string[]): void {
  try {
    program.parse(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError && err.exitCode !== 0) throw new UsageError(err.message.replace(/^error: /, ""));
    throw err;
  }
}

/** Parse argv into a checked configuration, or throw UsageError / CommanderError (help, version). */
export function parseCli(argv: string[], version: string): CliConfig {
  const program = buildProgram(version);
  parseWith(program, argv);
  const raw = program.opts<RawOptions>();
  if (raw.resume && (raw.agent || raw.newAgent !== undefined || raw.conversation || raw.newConversation)) {
    throw new UsageError("--resume picks the runtime itself: leave out --agent, --conversation, --new-conversation and --new-agent");
  }
  const config: CliConfig = { ...sessionConfigOf(raw, { urlRequired: false }), hint: raw.hint, lettaBin: raw.lettaBin, resume: raw.resume === true };
  if (config.url && program.getOptionValueSource("url") === "env") config.urlFromEnv = true;
  if (raw.notify !== undefined) {
    const when = NOTIFY_ON.find((w) => w === raw.notify);
    if (!when) throw new UsageError(`unknown --notify "${raw.notify}": expected one of ${NOTIFY_ON.join(", ")}`);
    config.notify = when;
  }
  return config;
}

/**
 * The token-over-plain-ws:// refusal, on the URL and token finally used: either may come from the
 * config file (its first server, a resumed runtime's server, a server's tokenFile) after parsing.
 */
export function checkFinalTransport(config: CliConfig): void {
  if (!config.url) return;
  try {
    // A token's Bearer header replaces the basic auth, so the password travels only without one.
    const credential = config.token !== undefined ? "a token" : config.password !== undefined ? "a URL password" : undefined;
    checkTokenTransport(config.url, credential !== undefined, config.allowInsecureToken === true, credential);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Check the shared session options; every mistake is one UsageError line. */
export function sessionConfigOf(o: RawOptions, { urlRequired = true } = {}): CliConfig {
  if (!o.url && urlRequired) {
    throw new UsageError("no server URL: pass --url ws://HOST:PORT or set LETTA_APP_SERVER_URL (start one with `letta server --listen`)");
  }
  let address: ServerAddress | undefined;
  try {
    address = o.url ? parseServerAddress(o.url) : undefined;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  let token: string | undefined;
  try {
    token = resolveToken({ token: o.token, tokenFile: o.tokenFile, env: process.env });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  let mode: AttachOptions["mode"];
  if (o.mode !== undefined) {
    const parsed = PermissionModeSchema.safeParse(o.mode);
    if (!parsed.success) throw new UsageError(`unknown --mode "${o.mode}": expected one of ${PERMISSION_MODES.join(", ")}`);
    mode = parsed.data;
  }
  const seconds = Number(o.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got "${o.timeout}"`);
  const attach: AttachOptions = { selection: selectionOf(o) };
  if (o.cwd !== undefined) attach.cwd = o.cwd;
  if (mode !== undefined) attach.mode = mode;
  const config: CliConfig = { url: address?.url, token, attach, startTimeoutMs: seconds * 1000 };
  if (address?.password !== undefined) config.password = address.password;
  if (token !== undefined && o.token === undefined && o.tokenFile === undefined) config.tokenFromEnv = true;
  if (o.logFile) config.logFile = o.logFile;
  if (o.allowInsecureToken === true) config.allowInsecureToken = true;
  const labels: RuntimeLabels = {};
  if (o.name) labels.name = o.name;
  if (o.role) labels.role = o.role;
  if (labels.name || labels.role) config.labels = labels;
  // Early for a typed URL; main checks again once the config file had its say.
  checkFinalTransport(config);
  return config;
}

function selectionOf(o: RawOptions): RuntimeSelection {
  if (o.newAgent !== undefined && o.newAgent !== false) {
    if (o.agent || o.conversation || o.newConversation) {
      throw new UsageError("--new-agent cannot be combined with --agent, --conversation or --new-conversation");
    }
    return { kind: "new-agent", name: typeof o.newAgent === "string" ? o.newAgent : undefined, model: o.model };
  }
  if (!o.agent) {
    if (o.conversation || o.newConversation) throw new UsageError("--conversation and --new-conversation need --agent ID");
    return { kind: "auto", model: o.model };
  }
  if (o.model) throw new UsageError("--model only applies to --new-agent (or to the agent created when none is chosen)");
  if (o.conversation && o.newConversation) throw new UsageError("use either --conversation or --new-conversation, not both");
  if (o.newConversation) return { kind: "new-conversation", agentId: o.agent };
  return { kind: "existing", agentId: o.agent, conversationId: o.conversation ?? "default" };
}
