import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

// `letta-tui listen` refuses bad options in one line, like every other command.

async function run(...argv: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const code = await main(argv, { stdout: process.stdout, stderr: { write: (t: string) => (err += t) } });
  return { code, err };
}

describe("letta-tui listen options", () => {
  it.each([
    [["listen", "--port", "99999"], /--port must be a port number/],
    [["listen", "--mode", "plan"], /unknown --mode "plan"/],
    [["listen", "--bogus"], /unknown option '--bogus'/],
  ])("%j", async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
  });
});
