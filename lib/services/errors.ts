// The closed set of failures a service may report, and the one place they map to HTTP statuses.

export const ERROR_STATUS = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  invalid_input: 400,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FieldErrors = Record<string, string[]>;

export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
    /** For API answers: a more precise error name (`invalid_batch`) and extra fields (`rows`). */
    readonly api?: { error?: string; details?: Record<string, unknown> },
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors };

/** Turns anything thrown into a Result a browser may see: internal text never leaves the server. */
export function toFailure(error: unknown): Extract<Result<never>, { ok: false }> {
  if (error instanceof ServiceError) {
    return { ok: false, code: error.code, message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
  }
  console.error("[vigil] unexpected error", error);
  return { ok: false, code: "internal", message: "Something went wrong on the server. Try again, or check the server log." };
}

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
