// A slice of a string is, in V8, a view that keeps the whole original alive: the first 200
// characters of a 16 MB frame, kept in the debug log, kept all 16 MB (200 entries: 3 GB). What
// the state keeps from a big server string goes through detach(), which copies it.

/** `text` as a string of its own, holding no larger string it was cut from. */
export function detach(text: string): string {
  // Flattening the concatenation copies `text` into a fresh string; the slice of that copy holds
  // one character more than it shows. Short strings are copied by V8 anyway.
  return text.length < 16 ? text : (text + " ").slice(0, -1);
}

/** `text` cut to `max` characters, saying how many more there were; detached. */
export function clip(text: string, max: number): string {
  return detach(text.length > max ? `${text.slice(0, max)}…(${text.length - max} more characters)` : text);
}
