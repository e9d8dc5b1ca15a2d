import { lookup } from "../store/archive.js";
import type { RuntimeState } from "../store/state.js";
import { sanitizeLine } from "./sanitize.js";

/**
 * "2 auto-approved (Read, Glob) · 1 auto-denied (Bash) · 2 need you (Bash, Write)": what the
 * harness decided about this batch without asking, so nothing runs unseen (from
 * approval_classification_end). Only for a card of that batch: the classification stays in
 * the state after its turn, and must not be shown on a later card as if it were its own.
 */
export function classificationSummary(rt: RuntimeState, toolCallId: string | undefined): string | undefined {
  const c = rt.classification;
  if (!c || c.autoAllowed.length + c.autoDenied.length === 0) return undefined;
  if (toolCallId === undefined || !c.needsUser.includes(toolCallId)) return undefined;
  const names = (ids: string[]) => {
    const list = ids.map((id) => {
      const item = lookup(rt.transcript, `tool:${id}`);
      return item?.kind === "tool" ? sanitizeLine(item.name) : "tool";
    });
    return list.length ? ` (${list.join(", ")})` : "";
  };
  const parts: string[] = [];
  if (c.autoAllowed.length) parts.push(`${c.autoAllowed.length} auto-approved${names(c.autoAllowed)}`);
  if (c.autoDenied.length) parts.push(`${c.autoDenied.length} auto-denied${names(c.autoDenied)}`);
  parts.push(`${c.needsUser.length} need${c.needsUser.length === 1 ? "s" : ""} you${names(c.needsUser)}`);
  return parts.join(" · ");
}
