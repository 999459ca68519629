import { describe, expect, it } from "vitest";
import { isValidCron, latestTick } from "./cron";

describe("retrain schedules", () => {
  it("reads five-field cron only", () => {
    expect(isValidCron("0 3 * * 1")).toBe(true);
    expect(isValidCron("0 3 * *")).toBe(false);
    expect(isValidCron("61 3 * * *")).toBe(false);
  });
  it("finds the latest tick in UTC", () => {
    // Monday 2026-11-23 03:00 UTC is the latest "0 3 * * 1" tick before Friday 2026-11-27.
    expect(latestTick("0 3 * * 1", new Date("2026-11-27T12:00:00Z"))?.toISOString()).toBe("2026-11-23T03:00:00.000Z");
    expect(latestTick("*/15 * * * *", new Date("2026-11-27T12:15:00Z"))?.toISOString()).toBe("2026-11-27T12:15:00.000Z");
  });
});
