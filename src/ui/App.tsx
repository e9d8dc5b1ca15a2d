import { Box, Text, useInput, useWindowSize } from "ink";
import { useEffect, useRef, useState } from "react";
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
import { useApprovalFlow } from "./hooks/useApprovalFlow.js";
import { useFleeting } from "./hooks/useFleeting.js";
import { useHistory } from "./hooks/useHistory.js";
import { runtimesAtWork, useQuitGuard } from "./hooks/useQuitGuard.js";
import { useThrottledStore } from "./hooks/useThrottledStore.js";
import { actionFor, type KeyContext } from "./keymap.js";
import { nextMode } from "./modes.js";
import { queueRows } from "./queue.js";
import { classificationSummary } from "./summary.js";
import { liveTranscriptRows } from "./transcriptBudget.js";
import { overlayRows, useMeasuredRows } from "./transcriptOverlays.js";
import { rowCount } from "./transcriptRows.js";

export { APPROVAL_GUARD_MS } from "./hooks/useApprovalFlow.js";

export interface AppProps {
  store: Store;
  actions: UiActions;
  /** One line under the transcript, e.g. the demo's directive cheat sheet. */
  hint?: string;
  /** The output of the letta server we started ourselves, if we did (shown with Ctrl+L). */
  serverLog?: () => string[];
  /** Direct mode: back to the list of runtimes that dialled in (Ctrl+G). */
  onEnvironments?: () => void;
}

export function App({ store, actions, hint, serverLog, onEnvironments }: AppProps) {
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
  const [draft, setDraft] = useState("");
  const [help, setHelp] = useState(false);
  const [helpPage, setHelpPage] = useState(0);
  const [debug, setDebug] = useState(false);
  const [showServerLog, setShowServerLog] = useState(false);
  const [picker, setPicker] = useState<PickerItem[] | "loading" | null>(null);
  const [verbose, setVerbose] = useState(false);
  const [queueSel, setQueueSel] = useState<number | null>(null);
  const history = useHistory();
  const atWork = runtimesAtWork(state);
  const quitGuard = useQuitGuard(actions.quit, () => atWork.length > 0);
  const lastTyped = useRef(0);
  const flow = useApprovalFlow(card, actions, () => lastTyped.current);
  const { rows: screenRows, columns: screenColumns } = useWindowSize();

  useEffect(() => {
    if (queueSel !== null && queueSel >= rows.length) setQueueSel(rows.length ? rows.length - 1 : null);
  }, [rows.length, queueSel]);

  const context: KeyContext = quitGuard.confirming ? "confirm-quit" : picker ? "picker" : help ? "help" : (flow.context ?? (asked ? "ask" : queueSel !== null ? "queue" : "input"));

  useInput((input, key) => {
    const offline = connection.status === "offline" ? actionFor("offline", input, key) : undefined;
    const action = offline ?? actionFor(context, input, key);
    if (flow.handle(action, input)) return;
    switch (action) {
      case "quit":
        return quitGuard.press(context === "input" ? draft : "", () => setDraft(""));
      case "retry":
        return actions.retry();
      case "sync":
        return actions.resync();
      case "debug":
        return setDebug((v) => !v);
      case "switch-runtime": {
        const target = Object.keys(state.runtimes)[Number(input) - 1];
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
      case "abort":
        return actions.abort();
      case "page-prev":
        // Clamped first: after a resize there may be fewer pages than the one we were on.
        return setHelpPage((p) => Math.max(0, Math.min(p, helpLayoutFor(screenColumns, helpHeight).pages.length - 1) - 1));
      case "page-next":
        return setHelpPage((p) => Math.min(p + 1, helpLayoutFor(screenColumns, helpHeight).pages.length - 1));
      case "close":
        setHelp(false);
        return setQueueSel(null);
      case "queue-focus":
        return rows.length ? setQueueSel(0) : undefined;
      case "queue-prev":
        return setQueueSel((i) => Math.max(0, (i ?? 0) - 1));
      case "queue-next":
        return setQueueSel((i) => Math.min(rows.length - 1, (i ?? 0) + 1));
      case "queue-resume":
        return actions.resumeQueue();
      case "queue-remove": {
        const id = queueSel !== null ? rows[queueSel]?.id : undefined;
        return id ? actions.removeQueueItem(id) : undefined;
      }
      case "quit-anyway":
        return quitGuard.confirm(true);
      case "stay":
        return quitGuard.confirm(false);
      case "decline":
        return asked ? actions.declineQuestion(asked.requestId) : undefined;
      case "mode":
        return actions.setMode(nextMode(runtime?.device?.current_permission_mode));
      default:
        return;
    }
  });

  const submitDraft = (text: string) => {
    if (!text.trim()) return;
    history.push(text);
    actions.sendMessage(text);
    setDraft("");
  };
  const recall = (direction: -1 | 1) => {
    const value = history.move(direction, draft);
    if (value !== undefined) setDraft(value);
  };
  // "?" on an empty line opens help instead of being typed.
  const interceptKey = (input: string) => {
    if (input !== "?" || draft !== "") return false;
    setHelp(true);
    setHelpPage(0);
    return true;
  };

  // The whole live region must stay shorter than the terminal, or Ink clears and redraws the
  // screen on every frame: the transcript gets the rows that everything else leaves.
  const logLines = showServerLog && serverLog ? serverLog() : undefined;
  const summary = runtime && card ? classificationSummary(runtime, card.toolCallId) : undefined;
  // Measured again whenever its height may change: another step, fold, or text field rows.
  const fieldRows = "text" in flow.step ? rowCount(flow.step.text, screenColumns - 6, CARD_FIELD_ROWS) : 0;
  const cardBox = useMeasuredRows(card ? `${card.requestId}/${flow.step.step}/${flow.expanded}/${fieldRows}` : undefined);
  // Help is modal: it hides the debug and server logs and takes the rows the rest leaves,
  // keeping one for the transcript.
  const room = liveTranscriptRows({
    rows: screenRows,
    columns: screenColumns,
    hint,
    draft,
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
      card: card ? { expanded: flow.expanded, options: flow.options.length, step: flow.step.step, summary, measured: cardBox.rows } : undefined,
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
      {card && runtime ? (
        <Box ref={cardBox.ref} flexDirection="column">
          <ApprovalCardView
            card={card}
            step={flow.step}
            options={flow.options}
            expanded={flow.expanded}
            cwd={runtime.device?.current_working_directory ?? undefined}
            position={batchPosition(runtime, card.toolCallId)}
            summary={summary}
            onText={flow.setText}
            onSubmitText={flow.submitText}
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
      {asked ? <AskUserCard key={asked.requestId} question={asked} onAnswer={(text) => actions.answerQuestion(asked.requestId, text)} /> : null}
      <QueuePanel rows={rows} selected={queueSel} />
      <InputLine
        value={draft}
        focus={context === "input"}
        onChange={(v) => {
          lastTyped.current = Date.now();
          setDraft(v);
        }}
        onSubmit={submitDraft}
        onHistory={recall}
        interceptKey={interceptKey}
        hint={hint}
      />
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
