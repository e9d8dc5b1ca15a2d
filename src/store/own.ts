/**
 * Read a record keyed by ids that come from the server or the user. A plain `obj[id]` would
 * "find" Object.prototype members for ids such as "constructor" or "toString" (the property
 * tests found this); only own properties count.
 */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
