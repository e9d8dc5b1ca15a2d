import type { RuntimeEntry } from "../../registry/schema.js";
import { homeRelative, shortId } from "../format.js";
import type { PickerItem } from "./Picker.js";

/** A picker key naming one runtime unambiguously (ids and URLs may contain any separator). */
export function resumeKey(r: Pick<RuntimeEntry, "serverUrl" | "agentId" | "conversationId">): string {
  return JSON.stringify([r.serverUrl, r.agentId, r.conversationId]);
}

/** The runtime a picked key stands for. */
export function findResume<T extends RuntimeEntry>(runtimes: readonly T[], key: string): T | undefined {
  return runtimes.find((r) => resumeKey(r) === key);
}

/** "just now", "12 min ago", "3 h ago", "5 d ago", then the date for anything older than a month. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "—";
  // A clock that moved backwards (or another machine's) can put the stamp in the future.
  const minutes = Math.floor(Math.max(0, now.getTime() - then) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days <= 30) return `${days} d ago`;
  return new Date(then).toISOString().slice(0, 10);
}

/** "127.0.0.1:4500" for ws://127.0.0.1:4500/ws; the string as given if it is not a URL. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** Items for the resume picker, in the order given (the registry's is newest first). Unsanitised: the Picker sanitises. */
export function resumeItems(runtimes: readonly RuntimeEntry[], now: Date = new Date()): PickerItem[] {
  return runtimes.map((r) => {
    const who = r.name ?? r.agentName ?? shortId(r.agentId);
    const detail = [r.cwd !== undefined ? homeRelative(r.cwd) : undefined, relativeTime(r.lastStarted, now), hostOf(r.serverUrl)]
      .filter((part): part is string => part !== undefined)
      .join(" · ");
    return { key: resumeKey(r), label: `${who} / ${shortId(r.conversationId)}`, detail };
  });
}
