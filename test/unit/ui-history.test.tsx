import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SentHistoryFile } from "../../src/registry/sentHistory.js";
import { KEY, mountApp } from "./ui-harness.js";

// The input line's ↑ over the history kept on disk: what one session sent, the next recalls.

const dir = mkdtempSync(path.join(tmpdir(), "letta-tui-ui-history-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = () => SentHistoryFile.open({ server: "ws://127.0.0.1:4500/ws", dir });

describe("sent-message history across sessions", () => {
  it("↑ in a new App recalls what the App before it sent to the same server", async () => {
    const first = await mountApp({ history: open() });
    await first.press("from the first session", KEY.enter);
    await first.waitFor("sent", () => first.actions.argsOf("sendMessage").length === 1);

    const second = await mountApp({ history: open() });
    await second.press(KEY.up);
    await second.waitFor("the recalled message", (s) => s.includes("› from the first session"));
    expect(second.actions.argsOf("sendMessage")).toEqual([]);
  });
});
