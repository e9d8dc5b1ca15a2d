import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// The smoke run of `npm run bench`: every topic, at sizes that take seconds, against the built
// dist/ (hence an integration test: `npm test` builds first). It proves each topic still runs
// and yields figures; it asserts no figure, since speed is measured by the bench, not tested.

const root = resolve(import.meta.dirname, "../..");

interface Row {
  topic: string;
  case: string;
  value: number | null;
  unit: string;
  note?: string;
  error?: boolean;
}

interface Result {
  machine: { cpu: string; cores: number; node: string };
  quick: boolean;
  topics: string[];
  rows: Row[];
}

describe("npm run bench --quick", () => {
  it("runs every topic and each gives numbers, none an error", { timeout: 300_000 }, async () => {
    let stdout = "";
    let failure = "";
    try {
      ({ stdout } = await promisify(execFile)(process.execPath, ["bench/run.mjs", "--quick", "--json"], { cwd: root, maxBuffer: 16 << 20 }));
    } catch (err) {
      // A topic that failed exits 1 with its JSON still on stdout: the rows below say which.
      const e = err as { stdout?: string; stderr?: string; message: string };
      stdout = e.stdout ?? "";
      failure = `${e.message}\n${e.stderr ?? ""}`;
    }
    expect(stdout, failure).not.toBe("");
    const result = JSON.parse(stdout) as Result;
    expect(result.quick).toBe(true);
    expect(result.machine.cores).toBeGreaterThan(0);
    for (const name of ["ingest", "reducer-scale", "render-scale", "mount-scale", "md-stream", "huge-reply", "flood", "flood-memory", "start-up", "idle-cpu"]) expect(result.topics).toContain(name);

    for (const name of result.topics) {
      const rows = result.rows.filter((r) => r.topic === name);
      expect(rows.length, `${name}: no rows`).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.error, `${name} / ${r.case}: ${r.note}`).toBeUndefined();
        expect(Number.isFinite(r.value), `${name} / ${r.case}: value ${r.value}`).toBe(true);
        expect(r.unit, `${name} / ${r.case}: no unit`).not.toBe("");
      }
    }
    expect(failure).toBe("");
  });
});
