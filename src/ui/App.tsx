import { Box, Text, useApp, useInput, usePaste, useStdout, useWindowSize } from "ink";
import { useEffect, useLayoutEffect, useReducer, useRef } from "react";
import type { UiActions } from "../controller/actions.js";
import type { SentHistory } from "../registry/sentHistory.js";
import { batchPosition, focusedApproval } from "../store/approvals.js";
import { catalogOf } from "../store/models.js";
import { connectionOf } from "../store/state.js";
import type { Store } from "../store/store.js";
import { cardTarget, flowFor } from "./approval/cardKeys.js";
import { cardOptions } from "./approval/flow.js";
import { cardSignature } from "./approval/guard.js";
import { ApprovalCardView } from "./components/ApprovalCardView.js";
import { AskUserCard } from "./components/AskUserCard.js";
import { DebugView } from "./components/DebugView.js";
import type { EnvironmentRow } from "./components/EnvironmentsView.js";
import { helpLayoutFor } from "./components/HelpOverlay.js";
import { InputLine } from "./components/InputLine.js";
import { chipsIn } from "./attachments/chips.js";
import { QueuePanel } from "./components/QueuePanel.js";
import { QuitLines } from "./components/QuitLines.js";
import { RejectedCardView } from "./components/RejectedCardView.js";
import { RuntimeTabs, backgroundAlert, runtimeLabel } from "./components/RuntimeTabs.js";
import { ServerLogView } from "./components/ServerLogView.js";
import { StatusLine } from "./components/StatusLine.js";
import { contextFigure } from "./contextFigure.js";
import type { Field } from "./components/textEdit.js";
import { TranscriptView } from "./components/TranscriptView.js";
import { runEffects, type EffectPorts } from "./effects/runEffects.js";
import { FOCUS_REPORTING_OFF, FOCUS_REPORTING_ON } from "./notify/focus.js";
import { focusReported, observe, WATCH_START, type NotifyConfig } from "./notify/decide.js";
import { useFocusReports } from "./notify/useFocusReports.js";
import { useThrottledStore } from "./hooks/useThrottledStore.js";
import { queueRows } from "./queue.js";
import { runtimesAtWork } from "./state/quit.js";
import { initialUi, type Msg, type UiState, type World } from "./state/uiState.js";
import { rejectedShown, update } from "./state/update.js";
import { classificationSummary } from "./summary.js";
import { layoutCache, liveLayout } from "./layout/liveRegion.js";
import { PICKER_EMPTY, PICKER_TITLE } from "./views/conversations.js";
import { VIEWS } from "./views/registry.js";
import { MentionList, mentionRows, mentionShown } from "./views/mention.js";
import { READER } from "./reader/view.js";
import { ALT_SCREEN_OFF, ALT_SCREEN_ON } from "./reader/altScreen.js";

export { APPROVAL_GUARD_MS, TYPING_QUIET_MS } from "./approval/guard.js";

/** `letta-tui listen`: the runtimes that dial in, shown as a view of this App (Ctrl+G). */
export interface ListenSource {
  instructions: readonly string[];
  environments(): EnvironmentRow[];
  /** Called when the list changes; returns the unsubscribe. */
  onEnvironment(listener: () => void): () => void;
  attach(key: string): Promise<void>;
}

export interface AppProps {
  store: Store;
  actions: UiActions;
  /** One line under the transcript, e.g. the demo's directive cheat sheet. */
  hint?: string;
  /** The output of the letta server we started ourselves, if we did (shown with Ctrl+L). */
  serverLog?: () => string[];
  /** The clock the keystroke guard and the quit guard read (tests inject one); Date.now by default. */
  now?: () => number;
  /** Sent messages for ↑/↓, kept across sessions by the CLI; this session's only without it. */
  history?: SentHistory;
  /** The transport log's file, for the about view. */
  logPath?: string;
  /** Direct mode: the runtime list, opened first and on Ctrl+G. */
  listen?: ListenSource;
  /**
   * Notifications while the terminal is not focused: what is worth one, and where the raw bytes
   * go (the real stdout; Ink's frames never carry them). Without it: focus is not asked for.
   */
  notify?: { config: NotifyConfig; write(bytes: string): void };
}

const EMPTY_FIELD: Field = { value: "", cursor: 0 };

/**
 * The wiring of the screen: the store's state (throttled for drawing, read fresh for keys), the
 * UiState in a ref, one key router (useInput + usePaste) feeding `update`, and the runner for
 * the effects it returns. Keys arrive faster than frames are drawn, so each key steps from the
 * UiState the key before it left, not from the last frame.
 */
export function App({ store, actions, hint, serverLog, now = Date.now, history: sent, logPath, listen, notify }: AppProps) {
  const state = useThrottledStore(store);
  const uiRef = useRef<UiState | null>(null);
  uiRef.current ??= initialUi({ history: sent?.entries(), views: listen ? [{ id: "environments" }] : [] });
  const ui = uiRef.current;
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const { suspendTerminal, waitUntilRenderFlush } = useApp();
  const { stdout } = useStdout();
  const timers = useRef(new Set<NodeJS.Timeout>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  const notifying = notify !== undefined && notify.config.on !== "off";
  // The size as last drawn, for update (the reader scrolls by screen rows); set where it is read below.
  const sizeSeen = useRef<{ rows: number; columns: number } | undefined>(undefined);
  const world = (): World => ({ app: store.getState(), serverLog: serverLog !== undefined, listen: listen !== undefined, screen: sizeSeen.current });
  const dispatch = (msg: Msg) => {
    const before = uiRef.current ?? ui;
    const step = update(before, world(), msg, now());
    uiRef.current = step.ui;
    if (step.ui !== before) redraw();
    runEffects(step.effects, ports());
  };
  const ports = (): EffectPorts => ({
    actions,
    dispatch,
    // The editor gets the terminal without focus reports (it did not ask for them, and some
    // editors would show ^[[I); they are asked for again once the screen is back.
    suspendTerminal: notifying ? (run) => (notify.write(FOCUS_REPORTING_OFF), suspendTerminal(run).finally(() => notify.write(FOCUS_REPORTING_ON))) : suspendTerminal,
    history: sent,
    attach: listen?.attach,
    schedule: (ms, run) => {
      const t = setTimeout(() => (timers.current.delete(t), run()), ms);
      t.unref?.();
      timers.current.add(t);
    },
    // The stream itself, not Ink's write (which redraws the frame): these bytes draw nothing.
    terminal: notify?.write ?? ((data) => void stdout.write(data)),
  });

  useInput((input, key) => dispatch({ type: "key", input, key }));
  usePaste((text) => dispatch({ type: "paste", text }));

  // Focus reports are asked for only when something may be notified, and stopped on the way out
  // (a shell left with mode 1004 on would print ^[[I at every window switch).
  const watch = useRef(WATCH_START);
  useFocusReports((focused) => (watch.current = focusReported(watch.current, focused)));
  useEffect(() => {
    if (!notifying) return;
    const write = notify.write;
    write(FOCUS_REPORTING_ON);
    return () => write(FOCUS_REPORTING_OFF);
    // One App, one terminal: asked once.
  }, [notifying]);

  useEffect(() => {
    if (!listen) return;
    const refresh = () => dispatch({ type: "environments", rows: listen.environments() });
    const stop = listen.onEnvironment(refresh);
    // Online/offline changes are not announced: poll the small list once a second.
    const t = setInterval(refresh, 1000);
    refresh();
    return () => {
      stop();
      clearInterval(t);
    };
    // The source is the CLI's, one per program; dispatch reads only refs and stable props.
  }, [listen]);

  // Each frame's state is a look for the notifier: a card that came up, a long turn that ended.
  useEffect(() => {
    if (!notifying) return;
    const seen = observe(watch.current, state, now(), notify.config);
    watch.current = seen.watch;
    if (seen.notices.length) runEffects(seen.notices.map((notice) => ({ kind: "notify", notice })), ports());
    // ports() reads only refs and stable props.
  }, [state, notifying]);

  // A broadcast the store counted (crons_updated, skills_updated): the open views that show
  // what it announces fetch again. Throttled like drawing: a burst of them is one fetch.
  const broadcasts = state.broadcasts;
  const seenBroadcasts = useRef(broadcasts);
  useEffect(() => {
    const before = seenBroadcasts.current;
    seenBroadcasts.current = broadcasts;
    for (const [frame, n] of Object.entries(broadcasts ?? {})) if (n !== (before?.[frame] ?? 0)) dispatch({ type: "broadcast", frame });
    // dispatch reads only refs and stable props.
  }, [broadcasts]);

  // The reader is drawn on the alternate screen, so closing it gives back the main screen,
  // scrollback and all, untouched. Ink erases its last frame's rows before drawing the next, so
  // the switch happens only between empty frames: the live region is erased on the main screen
  // ("entering" draws nothing), then the terminal switches and the reader is drawn; on the way
  // back an empty frame erases the reader on the alternate screen, the terminal switches back
  // (restoring the cursor where the live region began), and the live region is drawn again
  // there. Ink never erases a full-height frame on the main screen (it would eat scrollback).
  const readerPhase = ui.views.find((v) => v.id === READER)?.reader?.screen;
  const altScreen = useRef(false);
  useEffect(() => {
    if (readerPhase !== "entering" && readerPhase !== "leaving") return;
    const entering = readerPhase === "entering";
    let current = true;
    void waitUntilRenderFlush().then(() => {
      if (!current) return;
      ports().terminal?.(entering ? ALT_SCREEN_ON : ALT_SCREEN_OFF);
      altScreen.current = entering;
      dispatch({ type: "reader-screen", on: entering });
    });
    return () => void (current = false);
    // ports() and dispatch read only refs and stable props.
  }, [readerPhase]);
  // Quitting with the reader open must not leave the terminal on the alternate screen.
  useEffect(() => () => void (altScreen.current && ports().terminal?.(ALT_SCREEN_OFF)), []);

  const runtime = state.active ? state.runtimes[state.active] : undefined;
  // With several hosts (direct mode) the status line speaks of the one on screen.
  const connection = connectionOf(state, runtime);
  const card = focusedApproval(runtime);
  // Approvals come first: the server is blocked on them; an ask_user question waits behind.
  const asked = card ? undefined : runtime?.questions[0];
  const rows = queueRows(runtime);
  const rejected = runtime?.rejectedApproval;
  const rejectedId = rejected ? `${runtime?.scope.agent_id}/${runtime?.scope.conversation_id}/${rejected.seq}` : undefined;
  const showRejected = rejectedShown(ui, rejectedId);
  const size = useWindowSize();
  // A terminal that reports no size (a pty nobody sized, as under `script` with no terminal of
  // its own) would get no rows at all from the layout: draw for the classic 80x24 instead.
  const screenRows = size.rows > 0 ? size.rows : 24;
  const screenColumns = size.columns > 0 ? size.columns : 80;
  sizeSeen.current = { rows: screenRows, columns: screenColumns };
  const queueSel = ui.queueSel !== null && rows.length ? Math.min(ui.queueSel, rows.length - 1) : null;
  const { verbose, debug, serverLog: showServerLog } = ui.toggles;
  const draft = ui.draft;
  const top = ui.views.at(-1);
  const screenView = top && VIEWS[top.id]?.placement === "screen" ? top : undefined;
  const panels = ui.views.filter((v) => VIEWS[v.id]?.placement === "panel");
  const help = panels.some((v) => v.id === "help");
  const conversations = panels.find((v) => v.id === "conversations");
  const quit = { armed: ui.quit.armedAt !== undefined, confirming: ui.quit.confirming };
  const atWork = runtimesAtWork(state);

  // The card as drawn by the frame being committed: the guard counts from the commit that drew
  // it (and draws it unchanged), never from its arrival in the store.
  const shownFlow = card ? flowFor(ui.card, card) : undefined;
  const drawnView = screenView ? undefined : card && shownFlow ? cardTarget(card, shownFlow).view : asked ? cardSignature(asked) : undefined;

  // The whole live region must stay shorter than the terminal, or Ink clears and redraws the
  // screen on every frame: each view states its height (next to its render), layout() hands
  // out the rows, and the transcript gets the rows that everything else leaves.
  const logLines = showServerLog && serverLog ? serverLog() : undefined;
  const summary = runtime && card ? classificationSummary(runtime, card.toolCallId) : undefined;
  const w = world();
  const cardProps =
    card && runtime && shownFlow
      ? {
          card,
          step: shownFlow.step,
          options: cardOptions(card),
          expanded: shownFlow.expanded,
          cwd: runtime.device?.current_working_directory ?? undefined,
          position: batchPosition(runtime, card.toolCallId),
          summary,
          field: shownFlow.field,
          note: shownFlow.note,
        }
      : undefined;
  const askProps = asked ? { question: asked, field: ui.ask.sig === cardSignature(asked) ? ui.ask.field : EMPTY_FIELD, focus: ui.guard.engaged === cardSignature(asked) } : undefined;
  const quitProps = {
    armed: quit.armed,
    confirming: quit.confirming,
    atWork: Object.keys(state.runtimes).length > 1 ? atWork.map((rt) => runtimeLabel(rt, Object.values(state.runtimes))) : [],
  };
  const chips = chipsIn(draft.value, ui.attachments.items).map((c) => [c.from, c.to] as const);
  const focus = !card && !asked && !top && queueSel === null && !quit.confirming;
  // The row under the input says where the keys go when the input line does not take them as
  // typing and Enter-to-send: the input's own hints there would promise what a key will not do.
  const keysGo = quit.confirming
    ? "keys answer the question above"
    : card || asked
      ? "keys go to the card above"
      : top
        ? "keys go to the view above"
        : queueSel !== null
          ? "keys go to the queue above"
          : focus && mentionShown(ui.mention)
            ? "Enter or Tab puts the picked path in the draft (it does not send) · Esc closes the list"
            : undefined;
  const inputProps = { field: draft, focus, hint, chips, keysGo };
  // Panels that state their rows themselves (ViewDef.rows, e.g. about) come off the top; help
  // and the conversation picker are laid out with the rest.
  // The `@` file list sits above the input line while the input line has the keys.
  const mention = inputProps.focus && mentionShown(ui.mention) ? ui.mention : undefined;
  const panelRows = panels.reduce((n, v) => n + (VIEWS[v.id]?.rows?.(v, w, screenColumns) ?? 0), 0) + mentionRows(mention);
  const picker = conversations ? (conversations.items === "loading" || !conversations.items ? "loading" : { title: PICKER_TITLE, items: conversations.items, emptyText: PICKER_EMPTY }) : undefined;
  const helpEntry = panels.find((v) => v.id === "help");
  const measured = useRef(layoutCache()).current;
  const live = liveLayout(
    {
      rows: Math.max(1, screenRows - panelRows),
      columns: screenColumns,
      state,
      input: inputProps,
      queue: { rows, selected: queueSel },
      quit: quitProps,
      card: cardProps,
      asked: askProps,
      rejected: !card && rejected && showRejected ? { card: rejected.card, error: rejected.error } : undefined,
      picker,
      debug: debug ? state.debug : undefined,
      serverLog: logLines,
      help: helpEntry ? { page: helpEntry.page ?? 0 } : undefined,
    },
    measured,
  );
  const helpPages = helpLayoutFor(screenColumns, live.helpRows).pages.length;
  useLayoutEffect(() => {
    dispatch({ type: "drawn", card: drawnView, rejected: rejectedId, helpPages });
    // Only what was drawn matters; dispatch reads everything else when it runs.
  }, [drawnView, rejectedId, helpPages]);

  const viewProps = { ui, world: { ...w, app: state }, logPath, instructions: listen?.instructions, width: screenColumns, now };
  if (screenView?.id === READER) {
    // The transcript stays mounted (paused), so its printed items are not printed again after.
    const View = VIEWS[READER]!.View;
    return (
      <Box flexDirection="column">
        <TranscriptView runtime={runtime} liveRows={0} verbose={verbose} width={screenColumns} paused />
        {readerPhase === "on" ? <View entry={screenView} height={screenRows} {...viewProps} /> : null}
      </Box>
    );
  }
  if (screenView) {
    const View = VIEWS[screenView.id]!.View;
    return <View entry={screenView} height={screenRows} {...viewProps} />;
  }
  return (
    <Box flexDirection="column">
      <TranscriptView runtime={runtime} liveRows={live.transcript} verbose={verbose} width={screenColumns} />
      {debug && !help ? <DebugView entries={state.debug} rows={live.debugRows} /> : null}
      {logLines && !help ? <ServerLogView lines={logLines} rows={live.serverLogRows} /> : null}
      {panels.map((v) => {
        const View = VIEWS[v.id]!.View;
        return <View key={v.id} entry={v} height={v.id === "help" ? live.helpRows : (VIEWS[v.id]?.rows?.(v, w, screenColumns) ?? screenRows)} {...viewProps} />;
      })}
      {cardProps ? <ApprovalCardView {...cardProps} width={screenColumns} bodyLines={live.cardBodyLines} /> : null}
      {!card && rejected && showRejected ? <RejectedCardView card={rejected.card} error={rejected.error} /> : null}
      {askProps ? <AskUserCard key={askProps.question.requestId} {...askProps} width={screenColumns} questionRows={live.askQuestionRows} /> : null}
      <QueuePanel rows={rows} selected={queueSel} />
      {mention ? <MentionList mention={mention} /> : null}
      <InputLine {...inputProps} width={screenColumns} maxRows={live.inputMaxRows} />
      <QuitLines {...quitProps} />
      <RuntimeTabs state={state} />
      <StatusLine connection={connection} runtime={runtime} alert={backgroundAlert(state)} context={contextFigure(runtime, catalogOf(state, runtime))} />
    </Box>
  );
}
