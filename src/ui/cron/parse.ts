// The five-field cron expressions the App Server 0.32.18 accepts, read the way it reads them
// (its parse-interval.ts over cron-parser): numbers, `*`, lists, ranges and steps only, no
// names (MON, JAN), no seconds field, no bare `5/15`. A `*/n` keeps the values divisible by n,
// also for the day of the month and the month (the server's own reading: `*/2` in the day
// field is 2,4,6…). Written out rather than taken from a library: the grammar is this small,
// and a library would accept (and describe) expressions the server then refuses.

export interface CronField {
  /** The values it allows, ascending. */
  readonly values: readonly number[];
  /** Whether it allows every value of its range (a star, a step of 1, 0-59...). */
  readonly every: boolean;
  /** A star with a step n alone in the field: the n, for "every n minutes". */
  readonly step?: number;
}

export interface CronSpec {
  readonly minute: CronField;
  readonly hour: CronField;
  readonly day: CronField;
  readonly month: CronField;
  /** 0 = Sunday; 7 is read as 0. */
  readonly weekday: CronField;
}

export type CronParse = { ok: true; spec: CronSpec } | { ok: false; error: string };

const FIELDS = [
  { key: "minute", name: "minute", min: 0, max: 59 },
  { key: "hour", name: "hour", min: 0, max: 23 },
  { key: "day", name: "day of the month", min: 1, max: 31 },
  { key: "month", name: "month", min: 1, max: 12 },
  { key: "weekday", name: "day of the week", min: 0, max: 7 },
] as const;

/** Longest expression read: anything longer is not a schedule a person typed. */
const MAX_LENGTH = 200;

class CronError extends Error {}

export function parseCron(text: string): CronParse {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: "type five fields: minute hour day month weekday, e.g. 0 9 * * 1-5" };
  if (trimmed.length > MAX_LENGTH) return { ok: false, error: `longer than ${MAX_LENGTH} characters` };
  if (!/^[\d\s*,/-]+$/.test(trimmed)) return { ok: false, error: "only numbers, *, commas, - and / (the server takes no names like MON or JAN)" };
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) return { ok: false, error: `${parts.length} field${parts.length === 1 ? "" : "s"}; a schedule has five: minute hour day month weekday` };
  try {
    const [minute, hour, day, month, weekday] = FIELDS.map((f, i) => parseField(parts[i]!, f.name, f.min, f.max));
    return { ok: true, spec: { minute: minute!, hour: hour!, day: day!, month: month!, weekday: sundays(weekday!) } };
  } catch (err) {
    if (err instanceof CronError) return { ok: false, error: err.message };
    throw err;
  }
}

function parseField(text: string, name: string, min: number, max: number): CronField {
  const values = new Set<number>();
  let step: number | undefined;
  for (const part of text.split(",")) {
    if (part === "") throw new CronError(`an empty item in the ${name} field`);
    const [range, by, extra] = part.split("/");
    if (extra !== undefined) throw new CronError(`"${part}": one / at most`);
    const n = by === undefined ? 1 : number(by, name);
    if (n < 1) throw new CronError(`"${part}": a step must be 1 or more`);
    if (range === "*") {
      for (let v = min; v <= max; v++) if (v % n === 0) values.add(v);
      if (by !== undefined && text.split(",").length === 1) step = n;
      continue;
    }
    const bounds = range!.split("-");
    if (bounds.length > 2 || bounds.some((b) => b === "")) throw new CronError(`"${part}" is not a number, a range or *`);
    if (bounds.length === 1 && by !== undefined) throw new CronError(`"${part}": write ${range}-${max}/${by} or */${by}`);
    const lo = number(bounds[0]!, name);
    const hi = bounds.length === 2 ? number(bounds[1]!, name) : lo;
    for (const v of [lo, hi]) if (v < min || v > max) throw new CronError(`${v} is outside the ${name} field (${min}-${max})`);
    if (lo > hi) throw new CronError(`"${part}": the range runs backwards`);
    for (let v = lo; v <= hi; v += n) values.add(v);
  }
  const sorted = [...values].sort((a, b) => a - b);
  return { values: sorted, every: sorted.length === max - min + 1, ...(step !== undefined && step > 1 ? { step } : {}) };
}

function number(text: string, name: string): number {
  if (!/^\d{1,4}$/.test(text)) throw new CronError(`"${text}" is not a number in the ${name} field`);
  return Number(text);
}

/** Weekday 7 is Sunday, like 0; "every day of the week" is then 0-6. */
function sundays(f: CronField): CronField {
  const values = [...new Set(f.values.map((v) => (v === 7 ? 0 : v)))].sort((a, b) => a - b);
  return { ...f, values, every: values.length === 7 };
}

/** Whether a calendar day matches: with both day fields restricted, either one matching will do (cron's rule). */
export function dayMatches(spec: CronSpec, day: number, weekday: number): boolean {
  const byDay = spec.day.values.includes(day);
  const byWeekday = spec.weekday.values.includes(weekday);
  if (spec.day.every) return byWeekday;
  if (spec.weekday.every) return byDay;
  return byDay || byWeekday;
}
