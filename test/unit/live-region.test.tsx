import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApprovalCardView } from "../../src/ui/components/ApprovalCardView.js";
import { AskUserCard } from "../../src/ui/components/AskUserCard.js";
import { DebugView } from "../../src/ui/components/DebugView.js";
import { HelpOverlay } from "../../src/ui/components/HelpOverlay.js";
import { InputLine } from "../../src/ui/components/InputLine.js";
import { QueuePanel } from "../../src/ui/components/QueuePanel.js";
import { QuitLines } from "../../src/ui/components/QuitLines.js";
import { RejectedCardView } from "../../src/ui/components/RejectedCardView.js";
import { ServerLogView } from "../../src/ui/components/ServerLogView.js";
import { SPARE_ROWS } from "../../src/ui/layout/layout.js";
import { liveLayout, type LiveViews } from "../../src/ui/layout/liveRegion.js";
import { PickerView } from "../../src/ui/pickers/Picker.js";
import { attachedStore } from "./ui-harness.js";
import { askedQuestion, card, cardProps, debugEntries, drawnRows, field, line, pickerItems, queueRows, text, width } from "./view-arbitraries.js";

// The App's live region as liveLayout lays it out: every view drawn by Ink at the size it was
// told (a folded card, a paged help, a log's tail, a scrolled draft), plus the transcript's
// rows, must stay shorter than the terminal whenever the views' minimums fit in it.

const state = attachedStore().getState();
const PICKER = { title: "Conversations of this agent, then the other agents on its host", emptyText: "no conversations" };

const views = fc.record({
  rows: fc.integer({ min: 16, max: 90 }),
  columns: width,
  input: fc.record({ field, focus: fc.boolean(), hint: fc.option(line(20), { nil: undefined }) }),
  queue: queueRows.map((rows) => ({ rows, selected: null })),
  quit: fc.record({ armed: fc.boolean(), confirming: fc.boolean(), atWork: fc.array(line(2), { maxLength: 3 }) }),
  card: fc.option(cardProps, { nil: undefined }),
  asked: fc.option(fc.record({ question: askedQuestion, field, focus: fc.boolean() }), { nil: undefined }),
  rejected: fc.option(fc.record({ card, error: text(10) }), { nil: undefined }),
  picker: fc.option(fc.oneof(fc.constant("loading" as const), pickerItems.map((items) => ({ ...PICKER, items }))), { nil: undefined }),
  debug: fc.option(debugEntries, { nil: undefined }),
  serverLog: fc.option(fc.array(text(8), { maxLength: 20 }), { nil: undefined }),
  help: fc.option(fc.record({ page: fc.nat(5) }), { nil: undefined }),
});

describe("liveLayout: the views as told, and the transcript, fit the terminal", () => {
  it("drawn at their settings, the views and the transcript take at most rows - 1", () => {
    let fitted = 0;
    let runs = 0;
    fc.assert(
      fc.property(views, (v) => {
        const { card: c, ...rest } = v;
        const lv: LiveViews = { ...rest, state, card: c ? { ...c } : undefined };
        const live = liveLayout(lv);
        runs++;
        expect(live.transcript).toBeGreaterThanOrEqual(1);
        if (!live.fits) return;
        fitted++;
        const w = v.columns;
        const help = v.help;
        const drawn = [
          drawnRows(<InputLine {...v.input} width={w} maxRows={live.inputMaxRows} />, w),
          drawnRows(<QueuePanel {...v.queue} />, w),
          drawnRows(<QuitLines {...v.quit} />, w),
          c ? drawnRows(<ApprovalCardView {...c} width={w} bodyLines={live.cardBodyLines} />, w) : 0,
          v.asked ? drawnRows(<AskUserCard {...v.asked} width={w} questionRows={live.askQuestionRows} />, w) : 0,
          v.rejected ? drawnRows(<RejectedCardView {...v.rejected} />, w) : 0,
          v.picker === "loading" ? 1 : v.picker ? drawnRows(<PickerView {...v.picker} query="" selected={0} />, w) : 0,
          v.debug && !help ? drawnRows(<DebugView entries={v.debug} rows={live.debugRows} />, w) : 0,
          v.serverLog && !help ? drawnRows(<ServerLogView lines={v.serverLog} rows={live.serverLogRows} />, w) : 0,
          help ? drawnRows(<HelpOverlay page={help.page} height={live.helpRows} width={w} />, w) : 0,
          2, // status line
        ];
        expect(drawn.reduce((a, b) => a + b, 0) + live.transcript).toBeLessThanOrEqual(v.rows - SPARE_ROWS);
      }),
      { numRuns: 120 },
    );
    // Many screens have room for every view's minimum even with all of them open at once
    // (not those with an expanded card taller than the screen): the check above is not vacuous.
    expect(fitted).toBeGreaterThan(runs / 5);
  });

  it("a card folds its body to make room, and unfolds when the room comes back", () => {
    const input = { field: { value: "", cursor: 0 }, focus: true, hint: undefined };
    const longWrite = { requestId: "r", toolName: "Write", input: { file_path: "/a.txt", content: Array.from({ length: 200 }, (_, i) => `line ${i}`).join("\n") }, suggestions: [], phase: "pending" as const };
    const c = { card: longWrite, step: { step: "choose" as const, highlight: 0 }, options: [{ key: "approve" as const, label: "Yes" }], expanded: false, field: { value: "", cursor: 0 } };
    const base: LiveViews = { rows: 40, columns: 80, state, input, queue: { rows: [], selected: null }, quit: { armed: false, confirming: false, atWork: [] }, card: c };
    const roomy = liveLayout(base);
    const crowded = liveLayout({ ...base, debug: Array.from({ length: 30 }, () => ({ kind: "unknown" as const, type: "x", detail: "y" })), quit: { armed: true, confirming: true, atWork: [] } });
    expect(roomy.fits && crowded.fits).toBe(true);
    expect(roomy.cardBodyLines).toBe(22);
    expect(crowded.cardBodyLines).toBeLessThan(roomy.cardBodyLines);
    expect(crowded.transcript).toBe(1);
  });
});
