#!/usr/bin/env node
// `npm run demo`: a real local Letta Code App Server driven by the scripted model, with the
// TUI attached, so a newcomer can try an approval within a minute without any account.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LETTA_MODEL, startLettaServer } from "./harness/launch-server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The scripted model obeys these directives in a message; each of the first two asks for approval.
// The model takes images, and [[parts:]] says what a message's parts were when it got them.
const HINT = "try: [[bash:echo hi > hi.txt]] · [[write:notes.md|hello]] · [[slow:10]] then Esc · [[text:any reply]] · an image path + [[parts:]]";

if (!existsSync(join(root, "dist", "cli", "main.js"))) {
  const built = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

process.stderr.write("Starting a local Letta Code App Server with a scripted model (a few seconds)…\n");
let server;
try {
  server = await startLettaServer({ vision: true });
} catch (err) {
  process.stderr.write(`demo: could not start the App Server: ${err instanceof Error ? err.message.split("\n")[0] : err}\n`);
  process.exit(1);
}

const tui = spawn(
  process.execPath,
  [
    join(root, "bin", "letta-tui.js"),
    "--url", server.url,
    "--new-agent", "demo",
    "--model", LETTA_MODEL,
    "--mode", "standard",
    "--cwd", server.workDir,
    "--hint", HINT,
  ],
  { stdio: "inherit" },
);

// The TUI reads Ctrl+C itself in raw mode; signals sent to us from outside stop everything.
const stopAll = () => tui.kill("SIGTERM");
process.on("SIGINT", stopAll);
process.on("SIGTERM", stopAll);

tui.on("exit", async (code) => {
  await server.stop();
  process.exit(code ?? 0);
});
