import { parseCron, type CronField, type CronSpec } from "./parse.js";

// A cron expression in plain words, for the form that adds a schedule and the list of them:
// "every day at 09:00", "every 15 minutes on Monday to Friday". Bounded: a field with many
// scattered values is summarised, never listed past a handful.

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** Values listed one by one before the rest is counted. */
const LISTED = 6;
/** Times of day (hour x minute) spelt out before falling back to the fields. */
const TIMES = 4;

const pad = (n: number) => String(n).padStart(2, "0");

/** "a, b and c"; past LISTED values, "a, b, … and N more". */
function joined(items: readonly string[]): string {
  if (items.length > LISTED) return `${items.slice(0, LISTED - 1).join(", ")} and ${items.length - LISTED + 1} more`;
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Values as runs: [1,2,3,4,5] -> "1 to 5"; [1,15] -> "1 and 15". */
function runs(values: readonly number[], name: (v: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j]! + 1) j++;
    out.push(j - i >= 2 ? `${name(values[i]!)} to ${name(values[j]!)}` : j === i ? name(values[i]!) : `${name(values[i]!)}, ${name(values[j]!)}`);
    i = j + 1;
  }
  return joined(out.flatMap((s) => (s.includes(" to ") ? [s] : s.split(", "))));
}

function timeOfDay(spec: CronSpec): string {
  const { minute, hour } = spec;
  if (minute.every && hour.every) return "every minute";
  if (hour.every) {
    if (minute.step) return `every ${minute.step} minutes`;
    return `every hour at ${runs(minute.values, (m) => `:${pad(m)}`)}`;
  }
  if (minute.every || minute.step) {
    // A rate within some hours: "every 30 minutes from 09:00 to 17:30".
    const rate = minute.every ? "every minute" : `every ${minute.step} minutes`;
    const h = hour.values;
    const contiguous = h.every((v, i) => i === 0 || v === h[i - 1]! + 1);
    if (contiguous) return `${rate} from ${pad(h[0]!)}:${pad(minute.values[0]!)} to ${pad(h.at(-1)!)}:${pad(minute.values.at(-1)!)}`;
    return `${rate} during hour ${runs(h, pad)}`;
  }
  if (hour.step && minute.values.length === 1) return `every ${hour.step} hours at :${pad(minute.values[0]!)}`;
  if (hour.values.length * minute.values.length <= TIMES) {
    return `at ${joined(hour.values.flatMap((h) => minute.values.map((m) => `${pad(h)}:${pad(m)}`)))}`;
  }
  return `at minute ${runs(minute.values, String)} of hour ${runs(hour.values, pad)}`;
}

/** The days it runs on, leading the sentence ("every Monday") or after a time ("on Monday"). */
function days(spec: CronSpec, lead: boolean): string {
  const { day, month, weekday } = spec;
  const monthNames = runs(month.values, (m) => MONTHS[m - 1]!);
  // Dates of the year: "on 1 January", "on 1 and 15 March".
  if (!day.every && !month.every && weekday.every) return `on ${runs(day.values, String)} ${monthNames}`;
  const plural = day.values.length > 1 ? "days" : "day";
  const byDay = day.every ? "" : `on ${plural} ${runs(day.values, String)} of ${lead && month.every ? "every" : "the"} month`;
  const byWeekday = weekday.every ? "" : weekdays(weekday, lead && !byDay);
  // Both restricted: cron fires on either (not only where they coincide).
  const on = byDay && byWeekday ? `${byDay} or ${weekdays(weekday, false)}` : byDay || byWeekday;
  return [on, month.every ? "" : `in ${monthNames}`].filter(Boolean).join(" ");
}

function weekdays(f: CronField, lead: boolean): string {
  const v = f.values.join();
  if (v === "1,2,3,4,5") return `${lead ? "every weekday" : "on weekdays"} (Monday to Friday)`;
  const names = runs(f.values, (d) => WEEKDAYS[d]!);
  return `${lead ? "every" : "on"} ${names}`;
}

/** The expression in words, or why the server would refuse it. */
export function describeCron(text: string): { ok: true; words: string } | { ok: false; error: string } {
  const parsed = parseCron(text);
  if (!parsed.ok) return parsed;
  return { ok: true, words: describeSpec(parsed.spec) };
}

export function describeSpec(spec: CronSpec): string {
  const time = timeOfDay(spec);
  // Times of day read after the days ("every Monday at 09:00"); a rate reads first ("every 15 minutes on Monday").
  if (!time.startsWith("at ")) return [time, days(spec, false)].filter(Boolean).join(" ");
  return `${days(spec, true) || "every day"} ${time}`;
}
