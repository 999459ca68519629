// How an error answer quotes what a client sent: never more than MAX_ECHOED_INPUT characters of it.

/** Error answers quote at most this many characters of anything a client sent. */
export const MAX_ECHOED_INPUT = 100;

/** A client's input, quoted in an error message, cut to MAX_ECHOED_INPUT characters. */
export function quoteInput(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > MAX_ECHOED_INPUT ? `${text.slice(0, MAX_ECHOED_INPUT)}…` : text);
}

/** An input's own name (a key, a path segment) as an error shows it, cut to MAX_ECHOED_INPUT characters. */
export function clipInputName(name: PropertyKey): string {
  const text = String(name);
  return text.length > MAX_ECHOED_INPUT ? `${text.slice(0, MAX_ECHOED_INPUT)}…` : text;
}

/**
 * A zod issue as an error answer shows it: its path, and its message, with any key the client
 * invented (zod names unknown keys) cut to MAX_ECHOED_INPUT characters.
 */
export function describeIssue(issue: { code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] }): { path: string; message: string } {
  const path = issue.path.map(clipInputName).join(".");
  if (issue.code === "unrecognized_keys" && issue.keys) {
    return { path, message: `Unrecognized key${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.slice(0, 5).map(quoteInput).join(", ")}` };
  }
  return { path, message: issue.message };
}
