import { existsSync, lstatSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CronTask } from "../../src/protocol/responses-schedule.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { activeScope, startLettaServer, waitFor, type LettaServer } from "./support.js";

// /cron and /skills driven by keys in the real TUI against the real App Server (scripted
// model). Every change made on screen is checked against what the server itself then says:
// cron_list for schedules, the link in its ~/.letta/skills for skills.

let server: LettaServer;
let app: MountedApp;
showScreenOnFailure(() => app);

const ENTER = "\r";
const ESC = "\u001B";
const screen = () => app.screen();

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server);
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

/** The agent's schedules as the server lists them now, asked on a request of our own. */
async function serverCrons(): Promise<CronTask[]> {
  const frame = await app.session.controller.request({ type: "cron_list", agent_id: activeScope(app.session).agent_id ?? "" }, "cron_list_response");
  if (frame.type !== "cron_list_response") throw new Error(`unexpected ${frame.type}`);
  return frame.tasks;
}

/** Poll the server until its list satisfies `ok` (a change is announced before every client has it). */
async function cronsUntil(what: string, ok: (tasks: CronTask[]) => boolean): Promise<CronTask[]> {
  let last: CronTask[] = [];
  await waitFor(`the server's cron_list: ${what}`, async () => ok((last = await serverCrons())), { timeoutMs: 30_000, everyMs: 200, context: () => JSON.stringify(last) });
  return last;
}

/** Esc, and wait for the view to go: a key written right after a lone ESC could be read as Alt+key. */
async function closeView(title: string): Promise<void> {
  app.write(ESC);
  await app.waitFor("the view closed", () => !screen().includes(title));
}

/** Run a turn and wait for it to end: 0.32.18 reports skills only around a turn. */
async function turn(text: string): Promise<void> {
  const before = server.model.requests.length;
  await app.type(text);
  await app.waitFor("the turn reached the model", () => server.model.requests.length > before, 60_000);
  await app.waitFor("the turn ended", () => app.idle(), 60_000);
}

describe("/cron against the real server", () => {
  it("adds a schedule through the form, then pauses, resumes, runs and deletes it; the server's list follows each step", async () => {
    await app.type("/cron");
    await app.waitFor("the empty schedules view", () => screen().includes("no schedules yet: a adds one"));

    app.write("a");
    await app.waitFor("the expression field", () => screen().includes("New schedule: when?"));
    app.write("0 9 * * MON");
    await app.waitFor("the refusal before sending", () => screen().includes("no names like MON"));
    for (let i = 0; i < 3; i++) app.write("\u007F");
    app.write("1-5");
    await app.waitFor("the preview in words", () => screen().includes("= every weekday (Monday to Friday) at 09:00"));
    app.write(ENTER);
    await app.waitFor("the prompt field", () => screen().includes("New schedule: every weekday (Monday to Friday) at 09:00"));
    app.write("summarise the cron news");
    app.write(ENTER);
    await app.waitFor("the schedule listed with its next run", () => /● every weekday \(Monday to Friday\) at 09:00 · next \w{3} \d+ \w{3} 09:00/.test(screen()));

    const [added] = await cronsUntil("one schedule", (t) => t.length === 1);
    expect(added).toMatchObject({ cron: "0 9 * * 1-5", prompt: "summarise the cron news", status: "active", recurring: true, conversation_id: activeScope(app.session).conversation_id });

    app.write("p");
    await app.waitFor("shown paused", () => screen().includes("‖ every weekday (Monday to Friday) at 09:00 · paused"));
    await cronsUntil("paused", (t) => t[0]?.status === "paused");

    app.write("p");
    await app.waitFor("shown active again", () => screen().includes("● every weekday (Monday to Friday) at 09:00 · next"));
    await cronsUntil("active again", (t) => t[0]?.status === "active");

    // Run now: the prompt reaches the model as a turn in this conversation.
    app.write("r");
    await app.waitFor("the run reported", () => screen().includes("its prompt is queued in its conversation"));
    await waitFor("the prompt at the model", () => JSON.stringify(server.model.requests).includes("summarise the cron news"), { timeoutMs: 60_000 });
    await cronsUntil("ran once", (t) => t[0]?.fire_count === 1);
    await app.waitFor("the turn ended", () => app.idle(), 60_000);

    app.write("d");
    await app.waitFor("the question", () => screen().includes("Delete summarise the cron news"));
    app.write("n");
    await app.waitFor("kept", () => screen().includes("kept"));
    expect(await serverCrons()).toHaveLength(1);
    app.write("d");
    await app.waitFor("the question again", () => screen().includes("Delete summarise the cron news"));
    app.write("y");
    await app.waitFor("the empty list again", () => screen().includes("no schedules yet"));
    await cronsUntil("none", (t) => t.length === 0);
    await closeView("Schedules of");
  });

  it("keeps the list live: a schedule added by another client appears through crons_updated", async () => {
    await app.type("/cron");
    await app.waitFor("the empty schedules view", () => screen().includes("no schedules yet"));
    const scope = activeScope(app.session);
    // Sent on the same socket (crons_updated goes to the connection that made the change).
    await app.session.controller.request(
      { type: "cron_add", agent_id: scope.agent_id ?? "", conversation_id: scope.conversation_id, name: "from elsewhere", description: "", cron: "*/30 * * * *", recurring: true, prompt: "elsewhere" },
      "cron_add_response",
    );
    await app.waitFor("the new schedule on screen", () => screen().includes("every 30 minutes · next") && screen().includes("from elsewhere"));
    app.write("d");
    app.write("y");
    await app.waitFor("gone", () => screen().includes("no schedules yet"));
    await cronsUntil("none", (t) => t.length === 0);
    await closeView("Schedules of");
  });
});

describe("/skills against the real server", () => {
  it("enables a skill directory and disables it again; the listed state follows", async () => {
    const dir = join(server.workDir, "skills-src", "tidy-notes");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), "---\nname: tidy-notes\ndescription: Keep notes tidy (a test skill).\n---\n\n# Tidy notes\n");
    const link = join(server.home, ".letta", "skills", "tidy-notes");

    await turn("hello");
    await app.type("/skills");
    await app.waitFor("the bundled skills listed", () => /acquiring-skills\s+bundled\s+on/.test(screen()));

    app.write("e");
    await app.waitFor("the path field", () => screen().includes("Enable a skill"));
    app.write(dir);
    app.write(ENTER);
    await app.waitFor("enabled, not yet listed", () => /● tidy-notes\s+global\s+enabled here; listed from the next turn/.test(screen()));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    await closeView("Skills of");

    await turn("hello again");
    await app.type("/skills");
    await app.waitFor("listed by the server now", () => /● tidy-notes\s+global\s+on · Keep notes tidy/.test(screen()));
    // Global skills sort first: it is the selected row.
    app.write("d");
    await app.waitFor("shown disabled", () => /○ tidy-notes\s+global\s+disabled here/.test(screen()));
    expect(existsSync(link)).toBe(false);
    await closeView("Skills of");

    // 0.32.18 goes on listing it after the next turn; the row still says what was done here.
    await turn("and again");
    await app.type("/skills");
    await app.waitFor("still disabled", () => /○ tidy-notes\s+global\s+disabled here/.test(screen()));
    // A bundled skill cannot be disabled: one clear line, nothing sent.
    app.write("\u001B[B");
    app.write("d");
    await app.waitFor("the refusal", () => screen().includes("acquiring-skills is a bundled skill: only global ones"));
    await closeView("Skills of");
  });
});
