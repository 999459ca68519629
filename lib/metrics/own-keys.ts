// Counts and features are keyed by what clients send: a category or a feature may be called
// "constructor", "toString" or "__proto__". Plain `obj[key]` would then read Object.prototype's
// members (a function is not a count) or set the prototype instead of a key, so every lookup and
// write of such a key goes through these, which see own keys only.

/** The value stored under `key` itself, never one inherited from Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string | number): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Stores `value` as an own key, "__proto__" included. */
export function setOwn<T>(record: Record<string, T>, key: string | number, value: T): void {
  if (key === "__proto__") Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

/** A count, 0 when the key is absent. */
export function countOf(counts: Readonly<Record<string, number>>, key: string | number): number {
  return ownValue(counts, key) ?? 0;
}
