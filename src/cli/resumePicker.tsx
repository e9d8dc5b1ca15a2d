import { render } from "ink";
import type { RuntimeEntry } from "../registry/schema.js";
import { Picker } from "../ui/pickers/Picker.js";
import { findResume, resumeItems } from "../ui/pickers/resume.js";

/**
 * `--resume`: pick one of the recent runtimes before connecting; undefined when cancelled.
 * `server` is the typed --url the list was narrowed to.
 */
export async function pickRecentRuntime(runtimes: readonly RuntimeEntry[], stdout: NodeJS.WriteStream, server?: string): Promise<RuntimeEntry | undefined> {
  let picked: RuntimeEntry | undefined;
  const app = render(
    <Picker
      title={server ? `Resume a recent conversation on ${server}` : "Resume a recent conversation"}
      items={resumeItems(runtimes)}
      emptyText={
        server
          ? `No recent conversations on ${server}: leave out --url to see every server's, or start one with --new-agent or --agent.`
          : "No recent conversations yet: start one with --new-agent or --agent."
      }
      onPick={(key) => {
        picked = findResume(runtimes, key);
        app.unmount();
      }}
      onCancel={() => app.unmount()}
    />,
    // Interactive even when CI is set in the environment: the terminal was checked first.
    { stdout, exitOnCtrlC: true, interactive: true },
  );
  await app.waitUntilExit();
  return picked;
}
