import { describe, expect, it } from "vitest";
import { eventTimeProblem, IsoDay, IsoTime, timeBoundsProblem } from "./time";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? [] : result.error!.issues.map((i) => i.message));

describe("times a client may send", () => {
  it("takes 1970 to 9999 with real zone offsets, and says why anything else is refused", () => {
    expect(timeBoundsProblem("1970-01-01T00:00:00Z")).toBeNull();
    expect(timeBoundsProblem("1970-01-01T01:00:00+01:00")).toBeNull();
    expect(timeBoundsProblem("9999-12-31T23:59:59.999Z")).toBeNull();
    expect(timeBoundsProblem("2026-01-01T00:00:00+14:00")).toBeNull();
    expect(timeBoundsProblem("2026-01-01T00:00:00-14:00")).toBeNull();
    expect(timeBoundsProblem("1969-12-31T23:59:59.999Z")).toBe("must not be before 1970-01-01");
    expect(timeBoundsProblem("1970-01-01T00:30:00+01:00")).toBe("must not be before 1970-01-01");
    expect(timeBoundsProblem("0000-06-01T00:00:00Z")).toBe("must not be before 1970-01-01");
    expect(timeBoundsProblem("9999-12-31T23:00:00-01:00")).toBe("must not be after 9999-12-31");
    expect(timeBoundsProblem("2026-01-01T00:00:00+14:01")).toBe("must have a zone offset between -14:00 and +14:00");
    expect(timeBoundsProblem("2026-01-01T00:00:00-23:59")).toBe("must have a zone offset between -14:00 and +14:00");
  });

  it("lets an event be at most five minutes ahead of the server's clock", () => {
    expect(eventTimeProblem("2026-11-27T12:05:00Z", NOW)).toBeNull();
    expect(eventTimeProblem("2026-11-27T12:05:00.001Z", NOW)).toMatch(/in the future/);
    expect(eventTimeProblem("0050-06-01T00:00:00Z", NOW)).toBe("must not be before 1970-01-01");
  });

  it("gives a malformed time or day one message, not a second about its bounds", () => {
    expect(messages(IsoTime().safeParse("yesterday"))).toEqual(["must be an ISO 8601 time with a zone"]);
    expect(messages(IsoTime().safeParse("0000-01-01T00:00:00Z"))).toEqual(["must not be before 1970-01-01"]);
    expect(messages(IsoTime().safeParse("2026-11-01T00:00:00+23:00"))).toEqual(["must have a zone offset between -14:00 and +14:00"]);
    expect(IsoTime().safeParse("2026-11-01T00:00:00Z").success).toBe(true);
    expect(messages(IsoDay().safeParse("someday"))).toEqual(["must be a date like 2026-11-01"]);
    expect(messages(IsoDay().safeParse("0050-06-01"))).toEqual(["must not be before 1970-01-01"]);
    expect(IsoDay().safeParse("1970-01-01").success).toBe(true);
  });
});
