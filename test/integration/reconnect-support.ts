import type { Session } from "../../src/cli/session.js";
import type { TranscriptItem } from "../../src/store/state.js";
import { runtimeOf, transcript, waitFor, type LettaServer } from "./support.js";

// What the reconnect tests look at: connection status, transcript texts, what the model saw.

export const status = (s: Session) => s.store.getState().connection.status;
export const texts = (s: Session, kind: TranscriptItem["kind"]) => transcript(s).flatMap((i) => (i.kind === kind && "text" in i ? [i.text] : []));
export const count = <T>(xs: T[], x: T) => xs.filter((y) => y === x).length;
export const idle = (s: Session) => runtimeOf(s.store.getState(), s).loop?.status === "WAITING_ON_INPUT";
export const recovered = (s: Session) => status(s) === "connected" && texts(s, "notice").includes("reconnected and resynced");

export async function reply(s: Session, text: string, expected: string) {
  s.controller.sendMessage(text);
  await waitFor(`reply "${expected}"`, () => transcript(s).find((i) => i.kind === "assistant" && i.text === expected && i.done));
  await waitFor("idle", () => idle(s));
}

/** User messages whose text the model received as the newest user turn. */
export function turnsSeenByModel(server: LettaServer, needle: string): number {
  return (server.model.requests as Array<{ messages?: Array<{ role?: string; content?: unknown }> }>).filter((body) => {
    const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
    const last = body.messages?.at(-1);
    return last?.role === "user" && JSON.stringify(lastUser?.content ?? "").includes(needle);
  }).length;
}

/** A frame logger for `log`: everything the client sent, in order. */
export function sentFrames(): { sent: Record<string, unknown>[]; log: { sent(f: unknown): void; received(): void; event(): void } } {
  const sent: Record<string, unknown>[] = [];
  return { sent, log: { sent: (f) => void sent.push(f as Record<string, unknown>), received() {}, event() {} } };
}
