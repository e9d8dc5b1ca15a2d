import { Box, Text } from "ink";
import { colorEnabled } from "../color.js";
import { connectionOf, type AppState, type RuntimeState } from "../../store/state.js";
import { isBusy } from "../../store/loop.js";
import { loopWords, shortId } from "../format.js";
import { sanitizeLine } from "../sanitize.js";

/** Characters of a conversation's title on its tab: several tabs share one line. */
const TAB_TITLE = 24;
const tabTitle = (title: string) => {
  const safe = sanitizeLine(title);
  return safe.length > TAB_TITLE ? `${safe.slice(0, TAB_TITLE - 1)}…` : safe;
};
// A titled conversation (/rename) goes by its title, else by its short id.
const baseLabel = (rt: RuntimeState) => `${rt.agentName ?? shortId(rt.scope.agent_id)}/${rt.title ? tabTitle(rt.title) : shortId(rt.scope.conversation_id, 6)}`;

/**
 * "reviewer/conv-1a2b3c": how a runtime is named wherever several are on screen. Two runtimes
 * can share it (every machine that dials in names its first agent alike and numbers its
 * conversations from 1), so among `others` a shared name gets the agent's id too.
 */
export function runtimeLabel(rt: RuntimeState, others: readonly RuntimeState[] = []): string {
  const base = baseLabel(rt);
  const twins = others.filter((o) => o.key !== rt.key && baseLabel(o) === base);
  if (twins.length === 0) return sanitizeLine(base);
  // Same agent: a title a fork copied from its original. Else: two machines alike.
  const sameAgent = twins.some((o) => o.scope.agent_id === rt.scope.agent_id);
  return sanitizeLine(`${base} (${sameAgent ? rt.scope.conversation_id : shortId(rt.scope.agent_id)})`);
}

/** Rows the tabs take: one line cut to the width, shown only with several runtimes. */
export function runtimeTabsHeight(state: AppState): number {
  return Object.keys(state.runtimes).length < 2 ? 0 : 1;
}

/** The runtimes attached on this socket (teammates), when there is more than one. */
export function RuntimeTabs({ state }: { state: AppState }) {
  const runtimes = Object.values(state.runtimes);
  if (runtimeTabsHeight(state) === 0) return null;
  return (
    <Box>
      <Text wrap="truncate-end">
        {runtimes.map((rt, i) => {
          const active = rt.key === state.active;
          const pending = rt.approvals.order.length + rt.questions.length;
          const status = rt.loop?.status;
          // A host that dropped (direct mode: a machine) says so on its own tab.
          const link = connectionOf(state, rt);
          return (
            <Text key={rt.key}>
              <Text inverse={active} bold={active}>
                {/* Brackets where inverse video cannot show which tab is on screen (no colour). */}
                {active && !colorEnabled() ? `[${i + 1} ${runtimeLabel(rt, runtimes)}]` : ` ${i + 1} ${runtimeLabel(rt, runtimes)} `}
              </Text>
              {link.status === "connected" ? (
                <Text color={isBusy(status) ? "cyan" : "gray"}>{` ${loopWords(status)}`}</Text>
              ) : (
                <Text color="red">{` ○ ${link.status}`}</Text>
              )}
              {pending ? <Text color="yellow" bold>{` ⚠${pending}`}</Text> : null}
              <Text color="gray">{"  "}</Text>
            </Text>
          );
        })}
        <Text color="gray">Alt+1-9 switch · Ctrl+X conversations</Text>
      </Text>
    </Box>
  );
}

/** "⚠ approval waiting in reviewer (Alt+2)": a background runtime needs the person. */
export function backgroundAlert(state: AppState): string | undefined {
  const runtimes = Object.values(state.runtimes);
  const i = runtimes.findIndex((rt) => rt.key !== state.active && rt.approvals.order.length + rt.questions.length > 0);
  const rt = runtimes[i];
  if (!rt) return undefined;
  return `⚠ approval waiting in ${runtimeLabel(rt, runtimes)} (Alt+${i + 1})`;
}
