import { CommanderError, Option, type Command } from "commander";
import { Registry } from "../registry/registry.js";
import { addSessionOptions, checkFinalTransport, parseWith, quietCommand, sessionConfigOf, UsageError, type RawOptions } from "./options.js";
import { rememberer, withRegistry } from "./registryConfig.js";
import { logProblem, openSession, type Session } from "./session.js";
import { redactUrlText } from "../transport/url.js";
import { APPROVE_POLICIES, runTurn, SEND_EXIT, type ApprovePolicy, type SendIo, type SendOptions } from "./sendTurn.js";
import { packageVersion } from "./version.js";
import { sanitizeLine } from "../ui/sanitize.js";

export type { SendEvent } from "./sendOutput.js";
export { APPROVE_POLICIES, NEVER_MESSAGE, SEND_EXIT, type ApprovePolicy, type SendIo, type SendOptions } from "./sendTurn.js";

function buildSendCommand(io: SendIo): Command {
  return addSessionOptions(
    quietCommand("letta-tui send")
      .description("Send one message without the UI, print the reply as it streams, and exit when the turn ends.")
      .argument("<message>", 'the message; "-" reads it from stdin')
      .helpOption("-h, --help", "show this help"),
  )
    .option("--json", "print one JSON object per line (NDJSON) for each change, instead of plain text")
    .addOption(new Option("--approve <policy>", "answer tool approvals: never (deny), always (allow), ask (on the terminal)").choices(APPROVE_POLICIES).default("never"))
    .option("--turn-timeout <seconds>", "give up when the turn has not finished after this long", "600")
    .addHelpText(
      "after",
      "\nExit codes: 0 the turn ended normally; 1 it failed, was cancelled, or the connection was lost;\n2 bad usage; 3 a tool call was denied by --approve never; 124 --turn-timeout passed.",
    )
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: () => undefined });
}

/** Parse `send`'s argv (after the word "send"); throws UsageError, or CommanderError for --help. */
export function parseSend(argv: string[], io: SendIo): SendOptions {
  const program = buildSendCommand(io);
  parseWith(program, argv);
  const raw = program.opts<RawOptions & { json?: boolean; approve: ApprovePolicy; turnTimeout: string }>();
  const seconds = Number(raw.turnTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--turn-timeout must be a positive number of seconds, got "${raw.turnTimeout}"`);
  const message = program.args[0] ?? "";
  if (!message.trim()) throw new UsageError("the message is empty");
  return { config: sessionConfigOf(raw), message, json: raw.json === true, approve: raw.approve, turnTimeoutMs: seconds * 1000 };
}

/** `letta-tui send`: resolves to the exit code. Like main(), it never prints a stack trace. */
export async function runSend(
  argv: string[],
  io: SendIo = { stdout: process.stdout, stderr: process.stderr },
  version: string = packageVersion(),
): Promise<number> {
  // A URL in a message never shows its password; quoted server text follows the display rule.
  const fail = (message: string, code: number) => (io.stderr.write(`letta-tui: ${sanitizeLine(redactUrlText(message))}\n`), code);
  let options: SendOptions;
  try {
    options = parseSend(argv, io);
  } catch (err) {
    // --help: commander has already printed it.
    if (err instanceof CommanderError) return SEND_EXIT.ok;
    if (err instanceof UsageError) return fail(`${err.message} (see letta-tui send --help)`, SEND_EXIT.usage);
    throw err;
  }
  const stdin = io.stdin ?? process.stdin;
  const fromStdin = options.message === "-";
  if (fromStdin) {
    // One trailing newline is how `echo` and editors end a file, not part of the message.
    options.message = (await readAll(stdin)).replace(/\r?\n$/, "");
    if (!options.message.trim()) return fail("the message read from stdin is empty", SEND_EXIT.usage);
  }
  if (options.approve === "ask" && (!stdin.isTTY || fromStdin)) {
    io.stderr.write("letta-tui: --approve ask needs a terminal on stdin; denying tool calls as with --approve never\n");
    options.approve = "never";
  }

  let session: Session;
  try {
    // The config file names no server here (the URL is required), but may hold its token; and
    // the runtime is remembered for --resume like one the TUI attached.
    const registry = Registry.open();
    const config = withRegistry(options.config, registry);
    checkFinalTransport(config);
    options.config = config;
    session = await openSession(config, version, (store) => ({ onAttached: rememberer(registry, config.url!, config.labels, store) }));
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), err instanceof UsageError ? SEND_EXIT.usage : SEND_EXIT.failed);
  }
  // send has no screen: stderr, which keeps stdout (the reply) clean for scripts.
  const unlogged = logProblem(session.log);
  if (unlogged) io.stderr.write(`letta-tui: ${unlogged}\n`);
  try {
    return await runTurn(session, options, io, stdin);
  } finally {
    await session.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

