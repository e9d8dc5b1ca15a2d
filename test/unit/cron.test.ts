import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeCron } from "../../src/ui/cron/describe.js";
import { nextRun, wallTime } from "../../src/ui/cron/next.js";
import { dayMatches, parseCron, type CronSpec } from "../../src/ui/cron/parse.js";

// The schedule preview and next-run time: plain words for what the server will do, and the
// minute it will do it, for the five-field expressions 0.32.18 accepts.

const words = (e: string) => {
  const d = describeCron(e);
  return d.ok ? d.words : `refused: ${d.error}`;
};
const spec = (e: string): CronSpec => {
  const p = parseCron(e);
  if (!p.ok) throw new Error(p.error);
  return p.spec;
};

describe("the plain-words preview", () => {
  it.each([
    ["0 9 * * *", "every day at 09:00"],
    ["*/15 * * * *", "every 15 minutes"],
    ["* * * * *", "every minute"],
    ["0 9 * * 1-5", "every weekday (Monday to Friday) at 09:00"],
    ["30 8 * * 1", "every Monday at 08:30"],
    ["30 8 * * 7", "every Sunday at 08:30"],
    ["0 */2 * * *", "every 2 hours at :00"],
    ["5 * * * *", "every hour at :05"],
    ["0 9,17 * * *", "every day at 09:00 and 17:00"],
    ["0 9 1 * *", "on day 1 of every month at 09:00"],
    ["0 0 1 1 *", "on 1 January at 00:00"],
    ["0 9 1,15 * 1", "on days 1 and 15 of every month or on Monday at 09:00"],
    ["*/10 * * * 1-5", "every 10 minutes on weekdays (Monday to Friday)"],
    ["*/30 9-17 * * 1-5", "every 30 minutes from 09:00 to 17:30 on weekdays (Monday to Friday)"],
    ["* 9,13 * * *", "every minute during hour 09 and 13"],
    ["0 9 * * 1,3,5", "every Monday, Wednesday and Friday at 09:00"],
  ])("%s reads %j", (expr, expected) => expect(words(expr)).toBe(expected));

  it("never lists more than a handful of scattered values", () => {
    expect(words("1,3,5,7,9,11,13,15,17 * * * *")).toBe("every hour at :01, :03, :05, :07, :09 and 4 more");
  });
});

describe("what the server refuses is refused before it is sent, with the reason", () => {
  it.each([
    ["0 9 * * MON", /no names like MON/],
    ["0 9 * *", /4 fields; a schedule has five/],
    ["0 0 9 * * *", /6 fields/],
    ["5/15 * * * *", /write 5-59\/15 or \*\/15/],
    ["0 25 * * *", /25 is outside the hour field \(0-23\)/],
    ["0 9 0 * *", /0 is outside the day of the month field/],
    ["0 9 * 13 *", /outside the month field/],
    ["10-5 * * * *", /runs backwards/],
    ["*/0 * * * *", /a step must be 1 or more/],
    ["0,,5 * * * *", /an empty item/],
    ["", /type five fields/],
  ])("%j", (expr, why) => expect(words(expr)).toMatch(why));

  it("reads */n in the day and month fields as the server does: the multiples of n", () => {
    expect(spec("0 0 */10 * *").day.values).toEqual([10, 20, 30]);
    expect(spec("0 0 * */6 *").month.values).toEqual([6, 12]);
  });
});

describe("the next run", () => {
  const at = (iso: string) => Date.parse(iso);
  it("is the next matching minute in the task's zone, after the jitter", () => {
    expect(new Date(nextRun(spec("0 9 * * *"), at("2026-12-06T18:38:00Z"), "UTC")!).toISOString()).toBe("2026-12-07T09:00:00.000Z");
    expect(new Date(nextRun(spec("0 9 * * *"), at("2026-12-06T18:38:00Z"), "UTC", 21_899)!).toISOString()).toBe("2026-12-07T09:00:21.899Z");
    // 09:00 in New York in December is 14:00 UTC.
    expect(new Date(nextRun(spec("0 9 * * *"), at("2026-12-06T18:38:00Z"), "America/New_York")!).toISOString()).toBe("2026-12-07T14:00:00.000Z");
    // Saturday 6 Dec 2026: the next weekday 09:00 is Monday.
    expect(new Date(nextRun(spec("0 9 * * 1-5"), at("2026-12-05T10:00:00Z"), "UTC")!).toISOString()).toBe("2026-12-07T09:00:00.000Z");
  });
  it("is never the minute it is now, and comes round even for 29 February", () => {
    expect(new Date(nextRun(spec("38 18 * * *"), at("2026-12-06T18:38:30Z"), "UTC")!).toISOString()).toBe("2026-12-07T18:38:00.000Z");
    expect(new Date(nextRun(spec("0 0 29 2 *"), at("2026-12-06T00:00:00Z"), "UTC")!).toISOString()).toBe("2028-02-29T00:00:00.000Z");
  });
  it("does not exist for a date that never comes", () => {
    expect(nextRun(spec("0 0 31 2 *"), at("2026-12-06T00:00:00Z"), "UTC")).toBeNull();
  });
  it("reads an unknown zone as UTC rather than failing", () => {
    expect(new Date(nextRun(spec("0 9 * * *"), at("2026-12-06T18:38:00Z"), "Mars/Olympus")!).toISOString()).toBe("2026-12-07T09:00:00.000Z");
  });

  // Any expression, any start: the answer matches, and no minute before it does (checked minute by minute).
  const field = (min: number, max: number) =>
    fc.oneof(
      fc.constant("*"),
      fc.integer({ min, max }).map(String),
      fc.integer({ min: 1, max: 12 }).map((n) => `*/${n}`),
      fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 3 }).map((v) => v.join(",")),
    );
  it("matches the expression and skips no earlier match (property)", () => {
    fc.assert(
      fc.property(
        fc.tuple(field(0, 59), field(0, 23), fc.constant("*"), fc.constant("*"), field(0, 6)),
        fc.integer({ min: at("2026-01-01T00:00:00Z"), max: at("2027-01-01T00:00:00Z") }),
        fc.constantFrom("UTC", "Europe/Paris", "Asia/Kolkata"),
        (fields, from, zone) => {
          const s = spec(fields.join(" "));
          const next = nextRun(s, from, zone);
          expect(next).not.toBeNull();
          const matches = (ms: number) => {
            const w = wallTime(ms, zone);
            return s.minute.values.includes(w.minute) && s.hour.values.includes(w.hour) && dayMatches(s, w.day, w.weekday) && s.month.values.includes(w.month);
          };
          expect(matches(next!)).toBe(true);
          expect(next!).toBeGreaterThan(from);
          for (let t = Math.floor(from / 60_000) * 60_000 + 60_000; t < next!; t += 60_000) if (matches(t)) throw new Error(`missed ${new Date(t).toISOString()}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});
