import { focusedApproval } from "../../store/approvals.js";
import type { NotifyOn, NotifySettings } from "../../registry/schema.js";
import type { AppState } from "../../store/state.js";
import { cardTitle } from "../approval/families.js";
import { runtimeLabel } from "../components/RuntimeTabs.js";
import { isBusy } from "../../store/loop.js";

// What to tell a person who is looking elsewhere, decided from what the screen knows: whether
// the terminal has the focus (as its focus reports last said), which cards are up, which turns
// run and since when. Pure: the clock comes in as `now`, and a notice leaves as a value for the
// effect runner (effects/runEffects.ts) to write.

export type { NotifyOn };

export interface NotifyConfig {
  readonly on: NotifyOn;
  /** A turn that ends is worth a notice only when it ran at least this long. */
  readonly turnSeconds: number;
}

export const DEFAULT_NOTIFY: NotifyConfig = { on: "cards", turnSeconds: 30 };

/** The flag over the config file over the defaults. */
export function notifyConfig(flag: NotifyOn | undefined, file: NotifySettings): NotifyConfig {
  return { on: flag ?? file.on ?? DEFAULT_NOTIFY.on, turnSeconds: file.turnSeconds ?? DEFAULT_NOTIFY.turnSeconds };
}

export interface Notice {
  readonly title: string;
  readonly body: string;
  /** The bell alone: the agent asked for attention (notify_user) while the person looks (its line is on screen). */
  readonly bellOnly?: boolean;
}

export interface Watch {
  /** As the terminal last reported it; undefined until it reports at all (then taken as focused). */
  readonly focused: boolean | undefined;
  /** The cards and questions up at the last look, by runtime and request id: a card is news once. */
  readonly cards: readonly string[];
  /** The runtimes at work at the last look, and since when (the first look that saw them busy). */
  readonly turns: Readonly<Record<string, number>>;
  /** notify_user calls counted by each runtime at the last look (RuntimeState.attention). */
  readonly attention: Readonly<Record<string, number>>;
}

export const WATCH_START: Watch = { focused: undefined, cards: [], turns: {}, attention: {} };

/** A focus report: only where the focus is changes; nothing is sent for the report itself. */
export function focusReported(w: Watch, focused: boolean): Watch {
  return w.focused === focused ? w : { ...w, focused };
}

interface Up {
  readonly id: string;
  readonly notice: Notice;
}

function cardsUp(app: AppState): Up[] {
  const all = Object.values(app.runtimes);
  const title = (rt: (typeof all)[number]) => (all.length > 1 ? `letta-tui: ${runtimeLabel(rt, all)}` : "letta-tui");
  return all.flatMap((rt) => {
    const card = focusedApproval(rt);
    const up: Up[] = [];
    if (card) up.push({ id: `${rt.key}/${card.requestId}`, notice: { title: title(rt), body: `approval needed: ${card.toolName} (${cardTitle(card.toolName, card.input, card.diffs)})` } });
    const q = rt.questions[0];
    if (q) up.push({ id: `${rt.key}/${q.requestId}`, notice: { title: title(rt), body: `the agent asks: ${q.question}` } });
    return up;
  });
}

const seconds = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
};

/**
 * A look at the store at `now`: the cards that came up and the turns that ended since the last
 * look, told only when the terminal said it lost the focus. A card that came up while the person
 * was looking is not told later when they look away.
 */
export function observe(w: Watch, app: AppState, now: number, cfg: NotifyConfig): { watch: Watch; notices: Notice[] } {
  const away = w.focused === false;
  const notices: Notice[] = [];
  const up = cardsUp(app);
  if (away && (cfg.on === "cards" || cfg.on === "all")) for (const c of up) if (!w.cards.includes(c.id)) notices.push(c.notice);
  const all = Object.values(app.runtimes);
  const turns: Record<string, number> = {};
  const attention: Record<string, number> = {};
  for (const rt of all) {
    // The agent's own call for attention: rung whatever `on` says (only "off" silences it, and
    // then nothing observes), a desktop notification with its message while away.
    const calls = rt.attention?.count ?? 0;
    attention[rt.key] = calls;
    if (rt.attention && calls > (w.attention[rt.key] ?? 0)) {
      notices.push({ title: all.length > 1 ? `letta-tui: ${runtimeLabel(rt, all)}` : "letta-tui", body: rt.attention.text, ...(away ? {} : { bellOnly: true }) });
    }
    if (isBusy(rt.loop?.status)) turns[rt.key] = w.turns[rt.key] ?? now;
    else {
      const since = w.turns[rt.key];
      const long = since !== undefined && now - since >= cfg.turnSeconds * 1000;
      if (away && long && (cfg.on === "turns" || cfg.on === "all")) {
        notices.push({ title: all.length > 1 ? `letta-tui: ${runtimeLabel(rt, all)}` : "letta-tui", body: `turn finished after ${seconds(now - since)}` });
      }
    }
  }
  return { watch: { ...w, cards: up.map((c) => c.id), turns, attention }, notices };
}
