import cronParser from "cron-parser";

/** Five-field cron (minute hour day month weekday), read in UTC like pg-boss schedules. */
export function isValidCron(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  try {
    cronParser.parseExpression(expression, { tz: "UTC" });
    return true;
  } catch {
    return false;
  }
}

/** The latest tick of `expression` at or before `now` (null when it cannot be read). */
export function latestTick(expression: string, now: Date): Date | null {
  try {
    const next = cronParser.parseExpression(expression, { tz: "UTC", currentDate: new Date(now.getTime() + 1000) });
    return next.prev().toDate();
  } catch {
    return null;
  }
}
