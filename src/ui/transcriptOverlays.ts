import { type DOMElement, measureElement } from "ink";
import { type RefObject, useLayoutEffect, useRef, useState } from "react";
import type { UserQuestion } from "../store/state.js";
import type { CardStep } from "./approval/flow.js";
import { CARD_FIELD_ROWS } from "./components/ApprovalCardView.js";
import { ASK_DRAFT_ROWS, askQuestionRows } from "./components/AskUserCard.js";
import { REJECTED_CARD_ROWS } from "./components/RejectedCardView.js";
import { rowCount } from "./transcriptRows.js";

// Upper bounds of the rows that panels and cards under the transcript take, so the live
// transcript can be given what is left. Each mirrors the component it names; over-counting
// only costs transcript rows, under-counting makes Ink redraw the whole screen.

export interface OverlayState {
  rows: number;
  columns: number;
  /** Entries in the debug log, when it is open. */
  debug?: number | undefined;
  /** Lines of the server log, when it is open. */
  serverLog?: number | undefined;
  /** Items in the conversation picker (1 while loading), when it is open. */
  picker?: number | undefined;
  asked?: UserQuestion | undefined;
  rejected: boolean;
  card?: { expanded: boolean; options: number; step: CardStep["step"]; summary?: string | undefined; measured?: number | undefined } | undefined;
}

/** The folded body of an approval card (ApprovalCardView's maxLines), plus its fold notice and a spare. */
const cardBodyRows = (rows: number) => Math.max(6, rows - 18) + 2;

export function overlayRows(o: OverlayState): number {
  const inner = o.columns - 4;
  let n = 0;
  // DebugView: border, title, at most 12 entries. ServerLogView: border, title, 15 lines.
  if (o.debug !== undefined) n += 3 + Math.max(1, Math.min(12, o.debug));
  if (o.serverLog !== undefined) n += 3 + Math.min(15, o.serverLog);
  // Picker: border, title, filter, 10 rows, "earlier"/"more", hints.
  if (o.picker !== undefined) n += o.picker <= 1 ? 1 : 16;
  // AskUserCard: margin, border, title, the folded question, a row per option, the answer, hints.
  if (o.asked) n += 5 + rowCount(o.asked.question, inner, askQuestionRows(o.rows) + 1) + (o.asked.options?.length ?? 0) + ASK_DRAFT_ROWS + 1;
  if (o.rejected) n += REJECTED_CARD_ROWS;
  if (o.card?.measured !== undefined) n += o.card.measured;
  else if (o.card) {
    if (o.card.expanded) return o.rows;
    const step = o.card.step === "choose" ? o.card.options + 2 : o.card.step === "reason" ? CARD_FIELD_ROWS + 2 : o.card.step === "question" ? 14 : 6 + CARD_FIELD_ROWS;
    n += 3 + 2 + (o.card.summary ? rowCount(o.card.summary, inner) : 0) + cardBodyRows(o.rows) + 2 + step;
  }
  return n;
}

/**
 * Rows the element in `ref` took in the last layout, while `key` stays the same; undefined for
 * a new key, so the first frame of a new card falls back to the upper bound above and never
 * overflows, and the next frames give the transcript what the card really leaves.
 */
export function useMeasuredRows(key: string | undefined): { ref: RefObject<DOMElement | null>; rows: number | undefined } {
  const ref = useRef<DOMElement | null>(null);
  const [measured, setMeasured] = useState<{ key: string; rows: number } | null>(null);
  useLayoutEffect(() => {
    if (key === undefined || !ref.current) return;
    const rows = measureElement(ref.current).height;
    if (measured?.key !== key || measured.rows !== rows) setMeasured({ key, rows });
  });
  return { ref, rows: key !== undefined && measured?.key === key ? measured.rows : undefined };
}
