import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { openSession } from "../../src/cli/session.js";
import { INSTALL_HINT, spawnLettaServer } from "../../src/cli/spawnServer.js";
import { normalizeServerUrl } from "../../src/transport/url.js";
import { lettaEntry, node22Bin } from "../../scripts/install-letta.mjs";
import { startScriptedModel } from "../../scripts/harness/scripted-model.mjs";
import { LETTA_MODEL, transcript, waitFor } from "./support.js";

// No --url: letta-tui starts `letta server --listen` itself. The project's installed Letta Code
// stands in for the `letta` a user has on PATH, behind a two-line wrapper script.

let model: Awaited<ReturnType<typeof startScriptedModel>>;
let dir: string;
let lettaBin: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  model = await startScriptedModel();
  dir = mkdtempSync(join(tmpdir(), "letta-tui-spawn-"));
  lettaBin = join(dir, "letta");
  writeFileSync(lettaBin, `#!/bin/sh\nexec "${node22Bin()}" "${lettaEntry}" "$@"\n`);
  chmodSync(lettaBin, 0o755);
  env = { PATH: "/usr/bin:/bin", HOME: join(dir, "home"), LANG: "C.UTF-8", LETTA_LOCAL_BACKEND_EXPERIMENTAL: "1", LLAMA_CPP_BASE_URL: model.url };
});
afterAll(async () => {
  await model?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a letta server of our own", () => {
  it("starts, prints its URL, serves a session, and stops with us", async () => {
    const server = await spawnLettaServer({ lettaBin, env, cwd: dir });
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+/);
    const session = await openSession(
      { url: normalizeServerUrl(server.url), attach: { selection: { kind: "new-agent", model: LETTA_MODEL } }, startTimeoutMs: 60_000 },
      "test",
    );
    session.controller.sendMessage("hi [[text:from our own server]]");
    await waitFor("the reply", () => transcript(session).some((i) => i.kind === "assistant" && i.text === "from our own server"));
    expect(server.log().join("\n")).toContain("Listening on");
    await session.close();
    await server.stop();
    const port = new URL(server.url).port;
    const probe = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => "up", () => "down");
    expect(probe).toBe("down");
  });

  it("says how to install letta when there is none", async () => {
    await expect(spawnLettaServer({ env: { PATH: dir.replace(/$/, "/empty") } })).rejects.toThrow(INSTALL_HINT);
    const saved = process.env.PATH;
    process.env.PATH = join(dir, "empty");
    let err = "";
    try {
      const code = await main(["--new-agent"], { stdout: process.stdout, stderr: { write: (t: string) => (err += t) } });
      expect(code).toBe(1);
    } finally {
      process.env.PATH = saved;
    }
    expect(err).toContain("letta is not installed");
    expect(err).toContain("--url");
  });
});
