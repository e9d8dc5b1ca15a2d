import { dayMatches, type CronSpec } from "./parse.js";

// When a schedule fires next. 0.32.18 reports no next-run time, only the expression, its time
// zone and a jitter; its scheduler fires in the first minute (wall clock in that zone) that
// matches, `jitter_offset_ms` after the minute starts. Walked day by day, bounded: the rarest
// expression that can match at all (29 February on a Monday) comes round within 28 years.

const DAY_MS = 86_400_000;
const MAX_DAYS = 366 * 28;

export interface WallTime {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday. */
  readonly weekday: number;
}

/** A valid IANA zone name as given, else UTC (an unknown zone must not stop the view). */
export function zoneOrUtc(zone: string | undefined): string {
  if (!zone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}

/** Building a formatter costs far more than using one; a session sees a few zones. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    if (formatters.size > 32) formatters.clear();
    f = new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", hourCycle: "h23" });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at `ms`. */
export function wallTime(ms: number, zone: string): WallTime {
  const parts = formatter(zone).formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const year = part("year");
  const month = part("month");
  const day = part("day");
  return { year, month, day, hour: part("hour") % 24, minute: part("minute"), weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** The instant the wall clock in `zone` reads this minute (the later one where clocks go back). */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, zone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offset = (ms: number) => {
    const w = wallTime(ms, zone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(ms / 60_000) * 60_000;
  };
  const first = asUtc - offset(asUtc);
  const second = asUtc - offset(first);
  return Math.max(first, second);
}

/** The first time after `afterMs` that the schedule fires (jitter included), or null if it never does. */
export function nextRun(spec: CronSpec, afterMs: number, zone: string, jitterMs = 0): number | null {
  const tz = zoneOrUtc(zone);
  const from = wallTime(afterMs - jitterMs, tz);
  const start = Date.UTC(from.year, from.month - 1, from.day);
  for (let i = 0; i < MAX_DAYS; i++) {
    const date = new Date(start + i * DAY_MS);
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!spec.month.values.includes(month) || !dayMatches(spec, day, date.getUTCDay())) continue;
    for (const hour of spec.hour.values) {
      if (i === 0 && hour < from.hour) continue;
      for (const minute of spec.minute.values) {
        if (i === 0 && hour === from.hour && minute <= from.minute) continue;
        const at = instantOf(year, month, day, hour, minute, tz) + jitterMs;
        if (at > afterMs) return at;
      }
    }
  }
  return null;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Mon 7 Dec 09:00": a time as the wall clock in `zone` reads it. */
export function shortWall(ms: number, zone: string): string {
  const w = wallTime(ms, zoneOrUtc(zone));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[w.weekday]} ${w.day} ${MONTHS[w.month - 1]} ${pad(w.hour)}:${pad(w.minute)}`;
}
