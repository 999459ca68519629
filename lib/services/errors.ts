import "server-only";
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

// How errors quote a client's input is pure and shared with the wire-format validators below services.
export { MAX_ECHOED_INPUT, quoteInput, clipInputName, describeIssue } from "@/lib/validation/echo";
