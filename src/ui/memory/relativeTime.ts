// "3 min ago" for a commit's time (git's ISO 8601), against the App's clock.

export function relativeTime(iso: string | undefined, now: number): string {
  const at = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(at)) return "at an unknown time";
  const s = Math.round((now - at) / 1000);
  if (s < 0) return "just now";
  if (s < 60) return s < 10 ? "just now" : `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  const d = Math.floor(h / 24);
  if (d < 60) return `${d} days ago`;
  return new Date(at).toISOString().slice(0, 10);
}
