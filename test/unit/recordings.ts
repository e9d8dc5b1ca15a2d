import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

// Sessions recorded from the real App Server 0.32.18 (copied from the recipe's frames/).
export const FRAMES_DIR = join(import.meta.dirname, "..", "fixtures", "frames");

export interface RecordedLine {
  dir: "send" | "recv" | "event";
  conn: string | number;
  t_ms: number;
  frame?: Record<string, unknown>;
  raw?: string;
}

export function recordingNames(): string[] {
  return readdirSync(FRAMES_DIR)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => f.replace(/\.jsonl$/, ""));
}

export function loadRecording(name: string): RecordedLine[] {
  return readFileSync(join(FRAMES_DIR, `${name}.jsonl`), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RecordedLine);
}
