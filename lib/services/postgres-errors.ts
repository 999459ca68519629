import "server-only";
// Recognises PostgreSQL error codes through drizzle's wrapping (the driver error is the cause).
export function postgresErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === "object" && "code" in e && typeof (e as { code: unknown }).code === "string") {
      const code = (e as { code: string }).code;
      if (/^[0-9A-Z]{5}$/.test(code)) return code;
    }
    e = typeof e === "object" && e !== null && "cause" in e ? (e as { cause: unknown }).cause : undefined;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => postgresErrorCode(error) === "23505";

/** A deadlock (40P01) or serialization failure (40001): the work was rolled back whole and may simply be run again. */
export const isRetryableConflict = (error: unknown) => {
  const code = postgresErrorCode(error);
  return code === "40P01" || code === "40001";
};
