import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { activeScope, runtimeOf, startLettaServer, testSession, type LettaServer } from "./support.js";

// /model and the context figure, through the real TUI against the real App Server. The
// scripted model lists two models (fake-model, fake-model-b); `[[model:PREFIX]]` makes it answer
// with the model the server asked it for, and `[[usage:N]]` makes it report N prompt tokens,
// which the server passes on as usage_statistics.context_tokens.

let server: LettaServer;
let app: MountedApp;
showScreenOnFailure(() => app);

const ENTER = "\r";
const ESC = "\u001B";
const DOWN = "\u001B[B";
const screen = () => app.screen();
const rt = () => runtimeOf(app.session.store.getState(), app.session);
/** The status line: its two lines are the last of the screen. */
const status = () => screen().split("\n").slice(-2).join("\n");
/** The frames of these types the TUI wrote to the server since `spy` started. */
const sentTypes = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(([f]) => (f as { type?: string }).type);
const idle = () => app.waitFor("idle", () => app.idle(), 60_000);

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server);
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("/model against the real server", () => {
  it("before any list was loaded, an unlisted handle is checked against the list and refused: no update_model leaves", async () => {
    const sent = vi.spyOn(app.session.log, "sent");
    await app.type("/model anthropic/claude-sonnet-4-6");
    await app.waitFor("the refusal in the picker", () => screen().includes("anthropic/claude-sonnet-4-6 is not a model this server lists"));
    expect(sentTypes(sent)).toContain("list_models");
    expect(sentTypes(sent)).not.toContain("update_model");
    expect(screen()).toContain("llama.cpp/fake-model-b");
    app.write(ESC);
    await app.waitFor("the picker closed", () => !screen().includes("Models this server lists"));
    expect(rt().model).toBe("llama.cpp/fake-model");
    sent.mockRestore();
  });

  it("the picker lists label, handle and window; Enter switches; the status line and the next turn show the new model", async () => {
    await app.type("/model");
    await app.waitFor("the list", () => screen().includes("● fake-model") && screen().includes("fake-model-b  llama.cpp/fake-model-b · 128k context"));
    app.write(DOWN);
    await app.waitFor("fake-model-b highlighted", () => screen().includes("› ● fake-model") === false && /› +fake-model-b/.test(screen()));
    app.write(ENTER);
    await app.waitFor("the new model on the status line", () => status().includes("llama.cpp/fake-model-b"));
    await app.waitFor("the server's own line", () => screen().includes("Model updated to fake-model-b."));
    await idle();
    await app.type("[[model:served by ]]");
    await app.waitFor("the reply naming the model", () => screen().includes("served by fake-model-b"));
    expect((server.model.requests.at(-1) as { model?: string }).model).toBe("fake-model-b");
    await idle();
  });

  it("/model HANDLE switches at once; Tab completes the handle from the list", async () => {
    app.write("/");
    await app.waitFor("the palette", () => screen().includes("/model [HANDLE [EFFORT]]"));
    app.write("model llama.cpp/fake-mo");
    await app.waitFor("typed", () => screen().includes("/model llama.cpp/fake-mo"));
    app.write("\t");
    await app.waitFor("both handles offered", () => screen().includes("llama.cpp/fake-model  llama.cpp/fake-model-b"));
    app.write(ENTER);
    await app.waitFor("back on fake-model", () => status().includes("llama.cpp/fake-model") && !status().includes("fake-model-b"));
    await app.type("[[model:now ]]");
    await app.waitFor("the reply naming the model", () => screen().includes("now fake-model"));
    expect((server.model.requests.at(-1) as { model?: string }).model).toBe("fake-model");
    await idle();
  });

  it("with the list loaded, an unlisted handle is refused in the palette with the line kept, and nothing is sent", async () => {
    const sent = vi.spyOn(app.session.log, "sent");
    await app.type("/model anthropic/claude-sonnet-4-6");
    await app.waitFor("the refusal", () => screen().includes("anthropic/claude-sonnet-4-6 is not a model this server lists (/model shows the list)"));
    expect(screen()).toContain("/model anthropic/claude-sonnet-4-6");
    expect(sentTypes(sent)).not.toContain("update_model");
    app.write(ESC);
    await app.waitFor("the line back in the input", () => /› \/model anthropic\/claude-sonnet-4-6/.test(screen()));
    app.write("\u0015"); // Ctrl+U: clear it
    await app.waitFor("the input cleared", () => !screen().includes("› /model anthropic"));
    sent.mockRestore();
    // The conversation still works on the model it had.
    await app.type("still here");
    await app.waitFor("pong", () => /still here[\s\S]*pong/.test(screen()));
    await idle();
    expect(rt().model).toBe("llama.cpp/fake-model");
  });

  it("another client's switch shows on our status line (the server's status line is all we get of it)", async () => {
    const scope = activeScope(app.session);
    const other = await testSession(server, { kind: "existing", agentId: scope.agent_id!, conversationId: scope.conversation_id });
    try {
      await other.controller.request({ type: "update_model", runtime: scope, payload: { model_handle: "llama.cpp/fake-model-b" } }, "update_model_response");
      await app.waitFor("their model on our status line", () => status().includes("llama.cpp/fake-model-b"));
      // Back, from here, for the tests after this one.
      await other.controller.request({ type: "update_model", runtime: scope, payload: { model_handle: "llama.cpp/fake-model" } }, "update_model_response");
      await app.waitFor("back on fake-model", () => status().includes("llama.cpp/fake-model") && !status().includes("fake-model-b"));
    } finally {
      await other.close();
    }
  });
});

describe("the context figure against the real server", () => {
  it("follows usage_statistics: the tokens of the last call against the window", async () => {
    await app.type("[[usage:105000]]");
    await app.waitFor("105k of 128k", () => status().includes("ctx 105k/128k"), 60_000);
    await idle();
    await app.type("[[usage:60000]]");
    await app.waitFor("60k of 128k", () => status().includes("ctx 60k/128k"), 60_000);
    await idle();
  });

  it("/context-limit (the server's command) changes the window it is measured against", async () => {
    await app.type("/context-limit 64000");
    await app.waitFor("the new window", () => status().includes("ctx 60k/64k"), 60_000);
    await idle();
  });

  it("past the server's threshold it compacts, and the figure drops to what the compaction left", async () => {
    await app.type("[[usage:125000]]");
    await app.waitFor("the compaction's summary", () => screen().includes("summary:"), 60_000);
    await idle();
    const left = rt().contextTokens ?? Number.NaN;
    expect(left).toBeLessThan(64000 * 0.8);
    await app.waitFor("the figure after it", () => /ctx [\d.]+k?\/64k/.test(status()) && !status().includes("ctx 125k"));
  });
});
