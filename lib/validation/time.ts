import { z } from "zod";

/**
 * Times a client may send. PostgreSQL has no year 0 and allows zone offsets of at most 15:59,
 * and the driver reads years before 100 back as 19xx, so a time outside these bounds would fail
 * a statement (a 500) or be counted in the wrong hour. Pure: forms may import it.
 */

export const EARLIEST_TIME_MS = Date.UTC(1970, 0, 1);
/** The last moment of 9999: ISO 8601's four-digit years end there, and so do the queries. */
export const LATEST_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** How far ahead of the server's clock an event's time may be (the client's clock may run fast). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Real zones lie between UTC−12:00 and UTC+14:00. */
const MAX_OFFSET_MINUTES = 14 * 60;

const OFFSET = /([+-])(\d\d):(\d\d)$/;

/** Why an ISO 8601 time (already of the right form) is out of bounds, or null. */
export function timeBoundsProblem(iso: string): string | null {
  const offset = OFFSET.exec(iso);
  if (offset && Number(offset[2]) * 60 + Number(offset[3]) > MAX_OFFSET_MINUTES) return "must have a zone offset between -14:00 and +14:00";
  const at = Date.parse(iso);
  if (!(at >= EARLIEST_TIME_MS)) return "must not be before 1970-01-01";
  if (at > LATEST_TIME_MS) return "must not be after 9999-12-31";
  return null;
}

/**
 * Why the time an event happened (a prediction made, a truth known) cannot be taken: out of
 * bounds, or more than five minutes ahead of `now`. Null when it can.
 */
export function eventTimeProblem(iso: string, now: number): string | null {
  const bounds = timeBoundsProblem(iso);
  if (bounds) return bounds;
  if (Date.parse(iso) > now + MAX_FUTURE_SKEW_MS) return "must not be in the future (more than 5 minutes ahead of the server's clock)";
  return null;
}

// zod runs every check even when the format check before it failed: the bounds speak only of
// values that are times at all, so a malformed one gets one message.
const DATETIME = z.core.regexes.datetime({ offset: true });
const DAY = z.core.regexes.date;

/** An ISO 8601 time with a zone, between 1970 and 9999: for queries and settings. */
export const IsoTime = (message = "must be an ISO 8601 time with a zone") =>
  z.iso.datetime({ offset: true, message }).check((ctx) => {
    const problem = DATETIME.test(ctx.value) ? timeBoundsProblem(ctx.value) : null;
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });

/** A calendar day (`2026-11-01`) between 1970 and 9999. */
export const IsoDay = (message = "must be a date like 2026-11-01") =>
  z.iso.date({ message }).check((ctx) => {
    if (DAY.test(ctx.value) && Date.parse(`${ctx.value}T00:00:00Z`) < EARLIEST_TIME_MS) ctx.issues.push({ code: "custom", message: "must not be before 1970-01-01", input: ctx.value });
  });
