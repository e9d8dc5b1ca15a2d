import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layout, SPARE_ROWS, type Allocation, type ViewRequest } from "../../src/ui/layout/layout.js";

const request = (key: string) =>
  fc
    .record({ want: fc.integer({ min: 0, max: 120 }), shrink: fc.integer({ min: 0, max: 120 }), priority: fc.integer({ min: 0, max: 5 }), fill: fc.boolean() })
    .map(({ want, shrink, priority, fill }): ViewRequest => ({ key, want, min: Math.max(0, want - shrink), priority, fill }));
const requests = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => request(`v${i}`))));
const minOf = (r: ViewRequest) => Math.min(r.want, r.min ?? r.want);
const sum = (a: Allocation) => Object.values(a.views).reduce((s, n) => s + n, a.tail);

describe("layout: the terminal's rows handed out to the views", () => {
  it("together they stay shorter than the terminal, and no view gets more than it wants", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), requests, (rows, reqs) => {
        const all = layout(rows, reqs);
        const got = all.views;
        expect(sum(all)).toBeLessThanOrEqual(Math.max(0, rows - SPARE_ROWS));
        if (rows >= 2) expect(all.tail).toBeGreaterThanOrEqual(1);
        for (const r of reqs) {
          expect(got[r.key]).toBeGreaterThanOrEqual(0);
          expect(got[r.key]).toBeLessThanOrEqual(r.want);
        }
      }),
    );
  });

  it("every view gets its minimum when all minimums fit, and all rows are used when someone still wants them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), requests, (rows, reqs) => {
        const all = layout(rows, reqs);
        const got = all.views;
        const whole = Math.max(0, rows - SPARE_ROWS);
        const budget = whole - Math.min(1, whole);
        if (reqs.reduce((s, r) => s + minOf(r), 0) <= budget) for (const r of reqs) expect(got[r.key]).toBeGreaterThanOrEqual(minOf(r));
        if (reqs.some((r) => got[r.key]! < r.want)) expect(sum(all)).toBe(whole);
      }),
    );
  });

  it("when minimums do not all fit, a view short of its minimum leaves nothing to any lower priority", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), requests, (rows, reqs) => {
        const all = layout(rows, reqs);
        const got = all.views;
        for (const a of reqs) {
          if (got[a.key]! >= minOf(a)) continue;
          for (const b of reqs) if (b.priority < a.priority) expect(got[b.key]).toBe(0);
        }
      }),
    );
  });

  it("a view that is not a fill grows before any fill view takes the rest", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), requests, (rows, reqs) => {
        const all = layout(rows, reqs);
        const got = all.views;
        const shortFixed = reqs.some((r) => !r.fill && got[r.key]! < r.want);
        if (shortFixed) for (const r of reqs) if (r.fill) expect(got[r.key]).toBe(Math.min(minOf(r), got[r.key]!));
      }),
    );
  });

  it("the transcript tail keeps one row with a card that wants the whole screen, and help takes what is left", () => {
    const withCard = layout(24, [
      { key: "status", want: 2, priority: 90 },
      { key: "card", want: 40, min: 10, priority: 50 },
      { key: "help", want: 30, min: 7, priority: 10, fill: true },
    ]);
    expect(withCard).toEqual({ views: { status: 2, card: 13, help: 7 }, tail: 1 });
    const idle = layout(24, [
      { key: "help", want: 30, min: 7, priority: 10, fill: true },
      { key: "input", want: 4, priority: 90 },
    ]);
    expect(idle).toEqual({ views: { help: 18, input: 4 }, tail: 1 });
    expect(layout(24, [{ key: "input", want: 4, priority: 90 }])).toEqual({ views: { input: 4 }, tail: 19 });
  });
});
