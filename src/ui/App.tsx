import { Box, useInput, useWindowSize } from "ink";
import { useEffect, useRef, useState } from "react";
import type { UiActions } from "../controller/actions.js";
import { focusedApproval } from "../store/approvals.js";
import type { Store } from "../store/store.js";
import { ApprovalCardView } from "./components/ApprovalCardView.js";
import { DebugView } from "./components/DebugView.js";
import { InputLine } from "./components/InputLine.js";
import { StatusLine } from "./components/StatusLine.js";
import { TranscriptView } from "./components/TranscriptView.js";
import { useThrottledStore } from "./hooks/useThrottledStore.js";
import { actionFor, type KeyContext } from "./keymap.js";

/** Keys pressed this soon after a card appears were meant for something else; never answer with them. */
export const APPROVAL_GUARD_MS = 300;

export interface AppProps {
  store: Store;
  actions: UiActions;
  /** One line under the transcript, e.g. the demo's directive cheat sheet. */
  hint?: string;
}

export function App({ store, actions, hint }: AppProps) {
  const state = useThrottledStore(store);
  const runtime = state.active ? state.runtimes[state.active] : undefined;
  const card = focusedApproval(runtime);
  const [draft, setDraft] = useState("");
  const [reason, setReason] = useState<string | null>(null);
  const [showDebug, setShowDebug] = useState(false);
  const cardShownAt = useRef<{ id: string; at: number } | null>(null);
  const { rows } = useWindowSize();

  // Passive effects can run after the first keypress reaches the handler, so the handler also
  // treats a card it has not seen before as one that appeared just now.
  const cardAge = (id: string): number => {
    if (cardShownAt.current?.id !== id) cardShownAt.current = { id, at: Date.now() };
    return Date.now() - cardShownAt.current.at;
  };
  useEffect(() => {
    if (card) cardAge(card.requestId);
    else setReason(null);
  }, [card?.requestId]);

  const context: KeyContext = card ? (reason !== null ? "deny-reason" : "approval") : "input";

  useInput((input, key) => {
    const offline = state.connection.status === "offline" ? actionFor("offline", input, key) : undefined;
    const action = offline ?? actionFor(context, input, key);
    switch (action) {
      case "retry":
        return actions.retry();
      case "sync":
        return actions.resync();
      case "debug":
        return setShowDebug((v) => !v);
      case "quit":
        return actions.quit();
      case "abort":
        return actions.abort();
      case "approve":
      case "deny": {
        if (!card || card.phase === "sending") return;
        if (cardAge(card.requestId) < APPROVAL_GUARD_MS) return;
        if (action === "approve") return actions.answerApproval(card.requestId, { behavior: "allow" });
        return setReason("");
      }
      case "cancel-deny":
        return setReason(null);
      default:
        return;
    }
  });

  const submitReason = (text: string) => {
    if (!card) return;
    actions.answerApproval(card.requestId, { behavior: "deny", message: text.trim() || "Denied by the user" });
    setReason(null);
  };
  const submitDraft = (text: string) => {
    if (!text.trim()) return;
    actions.sendMessage(text);
    setDraft("");
  };

  // The live region must fit on screen, or Ink clears and redraws everything on each frame.
  const liveLines = Math.max(4, rows - 12);
  return (
    <Box flexDirection="column">
      <TranscriptView runtime={runtime} liveLines={liveLines} />
      {showDebug ? <DebugView entries={state.debug} /> : null}
      {card ? (
        <ApprovalCardView card={card} reason={reason} onReasonChange={setReason} onReasonSubmit={submitReason} />
      ) : null}
      <InputLine value={draft} focus={!card} onChange={setDraft} onSubmit={submitDraft} hint={hint} />
      <StatusLine connection={state.connection} runtime={runtime} />
    </Box>
  );
}
