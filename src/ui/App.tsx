import { Box, Text, useInput, usePaste, useWindowSize, type Key } from "ink";
import { useLayoutEffect, useReducer, useRef, useState } from "react";
import type { UiActions } from "../controller/actions.js";
import { batchPosition, focusedApproval } from "../store/approvals.js";
import { connectionOf } from "../store/state.js";
import type { Store } from "../store/store.js";
import { ApprovalCardView, CARD_FIELD_ROWS } from "./components/ApprovalCardView.js";
import { AskUserCard } from "./components/AskUserCard.js";
import { DebugView } from "./components/DebugView.js";
import { ServerLogView } from "./components/ServerLogView.js";
import { REJECTED_CARD_MS, RejectedCardView } from "./components/RejectedCardView.js";
import { RuntimeTabs, backgroundAlert, runtimeLabel } from "./components/RuntimeTabs.js";
import { choiceOf, conversationItems } from "./pickers/conversations.js";
import { Picker, type PickerItem } from "./pickers/Picker.js";
import { HELP_CHROME, HelpOverlay, helpLayoutFor } from "./components/HelpOverlay.js";
import { InputLine } from "./components/InputLine.js";
import { QueuePanel } from "./components/QueuePanel.js";
import { StatusLine } from "./components/StatusLine.js";
import { TranscriptView } from "./components/TranscriptView.js";
import { cardTarget } from "./approval/cardKeys.js";
import { cardSignature, GUARD_START, keyArrived, viewDrawn, type KeyGuard } from "./approval/guard.js";
import { cardOptions } from "./approvalFlow.js";
import { edit, paste, type Field } from "./components/textEdit.js";
import { useApprovalFlow } from "./hooks/useApprovalFlow.js";
import { useFleeting } from "./hooks/useFleeting.js";
import { useHistory } from "./hooks/useHistory.js";
import type { SentHistory } from "../registry/sentHistory.js";
import { runtimesAtWork, useQuitGuard } from "./hooks/useQuitGuard.js";
import { useThrottledStore } from "./hooks/useThrottledStore.js";
import { actionFor, type KeyAction } from "./keymap.js";
import { nextMode } from "./modes.js";
import { queueRows } from "./queue.js";
import { classificationSummary } from "./summary.js";
import { liveTranscriptRows } from "./transcriptBudget.js";
import { overlayRows, useMeasuredRows } from "./transcriptOverlays.js";
import { rowCount } from "./transcriptRows.js";

export { APPROVAL_GUARD_MS, TYPING_QUIET_MS } from "./hooks/useApprovalFlow.js";

export interface AppProps {
  store: Store;
  actions: UiActions;
  /** One line under the transcript, e.g. the demo's directive cheat sheet. */
  hint?: string;
  /** The output of the letta server we started ourselves, if we did (shown with Ctrl+L). */
  serverLog?: () => string[];
  /** Direct mode: back to the list of runtimes that dialled in (Ctrl+G). */
  onEnvironments?: () => void;
  /** The clock the keystroke guard reads (tests inject one); Date.now by default. */
  now?: () => number;
  /** Sent messages for ↑/↓, kept across sessions by the CLI; this session's only without it. */
  history?: SentHistory;
}

/**
 * What the key router reads and writes on every key, kept in a ref rather than React state:
 * keys arrive faster than frames are drawn (~30 fps), and each must see what the key before it
 * did, not the last frame.
 */
interface KeyUi {
  guard: KeyGuard;
  draft: Field;
  help: boolean;
  helpPage: number;
  /** The selected row of the queue panel while it has the keys (Tab), else null. */
  queueSel: number | null;
  picker: boolean;
}

const EMPTY_FIELD: Field = { value: "", cursor: 0 };

export function App({ store, actions, hint, serverLog, onEnvironments, now = Date.now, history: sent }: AppProps) {
  const state = useThrottledStore(store);
  const runtime = state.active ? state.runtimes[state.active] : undefined;
  // With several hosts (direct mode) the status line speaks of the one on screen.
  const connection = connectionOf(state, runtime);
  const card = focusedApproval(runtime);
  // Approvals come first: the server is blocked on them; an ask_user question waits behind.
  const asked = card ? undefined : runtime?.questions[0];
  const rows = queueRows(runtime);
  const rejected = runtime?.rejectedApproval;
  const showRejected = useFleeting(rejected ? `${runtime?.scope.agent_id}/${runtime?.scope.conversation_id}/${rejected.seq}` : undefined, REJECTED_CARD_MS);
  const ui = useRef<KeyUi>({ guard: GUARD_START, draft: EMPTY_FIELD, help: false, helpPage: 0, queueSel: null, picker: false });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const set = (patch: Partial<KeyUi>) => {
    ui.current = { ...ui.current, ...patch };
    redraw();
  };
  const { draft, help, helpPage } = ui.current;
  const [debug, setDebug] = useState(false);
  const [showServerLog, setShowServerLog] = useState(false);
  const [picker, setPickerState] = useState<PickerItem[] | "loading" | null>(null);
  const setPicker = (p: PickerItem[] | "loading" | null) => {
    ui.current.picker = p !== null;
    setPickerState(p);
  };
  const [verbose, setVerbose] = useState(false);
  const history = useHistory(sent);
  const atWork = runtimesAtWork(state);
  const quitGuard = useQuitGuard(actions.quit, () => atWork.length > 0);
  const flow = useApprovalFlow(actions, redraw);
  const { rows: screenRows, columns: screenColumns } = useWindowSize();
  // The queue may shrink under the selection (an item ran or was removed).
  if (ui.current.queueSel !== null && ui.current.queueSel >= rows.length) ui.current.queueSel = rows.length ? rows.length - 1 : null;
  const queueSel = ui.current.queueSel;

  // The card as drawn by the frame being committed: the guard counts from the commit that drew
  // it (and draws it unchanged), never from its arrival in the store.
  const shownFlow = card ? flow.viewOf(card) : undefined;
  const drawnView = card && shownFlow ? cardTarget(card, shownFlow).view : asked ? cardSignature(asked) : undefined;
  useLayoutEffect(() => {
    ui.current.guard = viewDrawn(ui.current.guard, drawnView, now());
  }, [drawnView]);

  const setDraft = (field: Field) => set({ draft: field });
  const submitDraft = (text: string) => {
    setDraft(EMPTY_FIELD);
    if (!text.trim()) return;
    history.push(text);
    actions.sendMessage(text);
  };
  const recall = (direction: -1 | 1) => {
    const value = history.move(direction, ui.current.draft.value);
    if (value !== undefined) setDraft({ value, cursor: value.length });
  };

  /** Chords that mean the same wherever the keys go. */
  const chord = (action: KeyAction, input: string, inputFocused: boolean) => {
    switch (action) {
      case "quit":
        return quitGuard.press(inputFocused ? ui.current.draft.value : "", () => setDraft(EMPTY_FIELD));
      case "retry":
        return actions.retry();
      case "sync":
        return actions.resync();
      case "debug":
        return setDebug((v) => !v);
      case "switch-runtime": {
        const target = Object.keys(store.getState().runtimes)[Number(input) - 1];
        return target ? actions.switchRuntime(target) : undefined;
      }
      case "conversations":
        setPicker("loading");
        actions.listConversations().then(
          (list) => setPicker(conversationItems(list)),
          () => setPicker(conversationItems([])),
        );
        return;
      case "environments":
        return onEnvironments?.();
      case "server-log":
        return serverLog ? setShowServerLog((v) => !v) : undefined;
      case "verbose":
        return setVerbose((v) => !v);
      case "mode": {
        const app = store.getState();
        const rt = app.active ? app.runtimes[app.active] : undefined;
        return actions.setMode(nextMode(rt?.device?.current_permission_mode));
      }
      default:
        return;
    }
  };

  /** Help is modal: it pages and closes, nothing else. */
  const helpKey = (input: string, key: Key) => {
    const pages = helpLayoutFor(screenColumns, helpHeight).pages.length;
    switch (actionFor("help", input, key)) {
      case "page-prev":
        // Clamped first: after a resize there may be fewer pages than the one we were on.
        return set({ helpPage: Math.max(0, Math.min(ui.current.helpPage, pages - 1) - 1) });
      case "page-next":
        return set({ helpPage: Math.min(ui.current.helpPage + 1, pages - 1) });
      case "close":
        return set({ help: false });
      default:
        return;
    }
  };

  const queueKey = (input: string, key: Key, queue: typeof rows) => {
    const sel = ui.current.queueSel ?? 0;
    switch (actionFor("queue", input, key)) {
      case "queue-prev":
        return set({ queueSel: Math.max(0, sel - 1) });
      case "queue-next":
        return set({ queueSel: Math.min(queue.length - 1, sel + 1) });
      case "queue-resume":
        return actions.resumeQueue();
      case "queue-remove": {
        const id = queue[sel]?.id;
        return id ? actions.removeQueueItem(id) : undefined;
      }
      case "close":
        return set({ queueSel: null });
      default:
        return;
    }
  };

  /** The input line: Esc, Tab, "?" on an empty line, else the draft's editor. */
  const inputKey = (input: string, key: Key, queue: typeof rows) => {
    const action = actionFor("input", input, key);
    if (action === "abort") return actions.abort();
    if (action === "queue-focus") return queue.length ? set({ queueSel: 0 }) : undefined;
    if (input === "?" && !key.ctrl && !key.meta && ui.current.draft.value === "") return set({ help: true, helpPage: 0 });
    const result = edit(ui.current.draft, input, key);
    if (result.kind === "field") return setDraft(result.field);
    if (result.kind === "submit") return submitDraft(result.text);
    if (result.kind === "history") return recall(result.direction);
  };

  // The one key router. Every key is routed by the store's state at this moment and the refs
  // above, never by the last frame drawn (which lags by up to a frame, and more under load):
  // 1 quit question · 2 chords · 3 help · 4 picker · 5 card or question (if the guard lets the
  // key through) · 6 queue panel · 7 input line.
  useInput((input, key) => {
    if (key.eventType === "release") return;
    const t = now();
    const app = store.getState();
    const rt = app.active ? app.runtimes[app.active] : undefined;
    const k = ui.current;
    const queue = queueRows(rt);
    const cardUp = focusedApproval(rt) !== undefined || (rt?.questions.length ?? 0) > 0;
    if (quitGuard.confirming) {
      k.guard = keyArrived(k.guard, t);
      return quitGuard.confirm(actionFor("confirm-quit", input, key) === "quit-anyway");
    }
    const offline = connectionOf(app, rt).status === "offline";
    const global = actionFor(offline ? "offline" : "global", input, key);
    if (global) {
      k.guard = keyArrived(k.guard, t);
      return chord(global, input, !k.help && !k.picker && k.queueSel === null && !cardUp);
    }
    if (k.help || k.picker) {
      // The picker reads its own keys (it is modal, and needs no guard).
      k.guard = keyArrived(k.guard, t);
      return k.help ? helpKey(input, key) : undefined;
    }
    const routed = flow.key(rt, k.guard, input, key, t);
    k.guard = routed.guard;
    if (routed.taken) return;
    if (k.queueSel !== null) return queueKey(input, key, queue);
    inputKey(input, key, queue);
  });

  // A bracketed paste is text, never keys: into the card's field when the person is typing in
  // it, else into the draft. It answers nothing and sends nothing.
  usePaste((text) => {
    const app = store.getState();
    const rt = app.active ? app.runtimes[app.active] : undefined;
    const guard = ui.current.guard;
    ui.current.guard = keyArrived(guard, now());
    if (flow.paste(rt, guard, text)) return;
    setDraft(paste(ui.current.draft, text));
  });

  // The whole live region must stay shorter than the terminal, or Ink clears and redraws the
  // screen on every frame: the transcript gets the rows that everything else leaves.
  const logLines = showServerLog && serverLog ? serverLog() : undefined;
  const summary = runtime && card ? classificationSummary(runtime, card.toolCallId) : undefined;
  // Measured again whenever its height may change: another step, fold, or text field rows.
  const step = shownFlow?.step;
  const fieldRows = step && "text" in step ? rowCount(step.text, screenColumns - 6, CARD_FIELD_ROWS) : 0;
  const cardBox = useMeasuredRows(card && shownFlow ? `${card.requestId}/${shownFlow.step.step}/${shownFlow.expanded}/${fieldRows}/${shownFlow.note ?? ""}` : undefined);
  // Help is modal: it hides the debug and server logs and takes the rows the rest leaves,
  // keeping one for the transcript.
  const room = liveTranscriptRows({
    rows: screenRows,
    columns: screenColumns,
    hint,
    draft: draft.value,
    queueLength: rows.length,
    tabs: Object.keys(state.runtimes).length > 1,
    quitLines: (quitGuard.armed ? 1 : 0) + (quitGuard.confirming ? 4 : 0),
    overlays: overlayRows({
      rows: screenRows,
      columns: screenColumns,
      debug: debug && !help ? state.debug.length : undefined,
      serverLog: help ? undefined : logLines?.length,
      picker: picker === "loading" ? 1 : picker ? picker.length : undefined,
      asked,
      rejected: !card && rejected !== undefined && showRejected,
      card: card && shownFlow ? { expanded: shownFlow.expanded, options: cardOptions(card).length, step: shownFlow.step.step, summary, measured: cardBox.rows } : undefined,
    }),
  });
  const helpHeight = Math.max(3, room - HELP_CHROME - 1);
  const liveRows = help ? Math.max(1, room - helpHeight - HELP_CHROME) : room;
  return (
    <Box flexDirection="column">
      <TranscriptView runtime={runtime} liveRows={liveRows} verbose={verbose} />
      {debug && !help ? <DebugView entries={state.debug} /> : null}
      {logLines && !help ? <ServerLogView lines={logLines} /> : null}
      {help ? <HelpOverlay page={helpPage} height={helpHeight} /> : null}
      {card && runtime && shownFlow ? (
        <Box ref={cardBox.ref} flexDirection="column">
          <ApprovalCardView
            card={card}
            step={shownFlow.step}
            options={cardOptions(card)}
            expanded={shownFlow.expanded}
            cwd={runtime.device?.current_working_directory ?? undefined}
            position={batchPosition(runtime, card.toolCallId)}
            summary={summary}
            field={shownFlow.field}
            note={shownFlow.note}
          />
        </Box>
      ) : null}
      {!card && rejected && showRejected ? <RejectedCardView card={rejected.card} error={rejected.error} /> : null}
      {picker === "loading" ? <Text color="gray">loading conversations…</Text> : null}
      {picker && picker !== "loading" ? (
        <Picker
          title="Conversations of this agent, then the other agents on its host"
          items={picker}
          emptyText="no conversations"
          onCancel={() => setPicker(null)}
          onPick={(key) => {
            setPicker(null);
            void actions.openConversation(choiceOf(key));
          }}
        />
      ) : null}
      {asked ? <AskUserCard key={asked.requestId} question={asked} field={flow.askField(asked)} focus={ui.current.guard.engaged === cardSignature(asked)} /> : null}
      <QueuePanel rows={rows} selected={queueSel} />
      <InputLine field={draft} focus={!card && !asked && !help && !picker && queueSel === null && !quitGuard.confirming} hint={hint} />
      {quitGuard.armed ? <Text color="yellow">Press Ctrl+C again to quit</Text> : null}
      {quitGuard.confirming ? (
        <Text color="red" bold>
          {Object.keys(state.runtimes).length > 1 ? `At work: ${atWork.map((rt) => runtimeLabel(rt, Object.values(state.runtimes))).join(", ")}. ` : ""}
          A turn is running or waiting for you. If no other client is attached, the server cancels it when letta-tui quits.
          Quit anyway? (y / any other key to stay)
        </Text>
      ) : null}
      <RuntimeTabs state={state} />
      <StatusLine connection={connection} runtime={runtime} alert={backgroundAlert(state)} />
    </Box>
  );
}
