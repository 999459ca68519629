import { describe, expect, it } from "vitest";
import { resolveRange, splitOf } from "./range";

const now = new Date("2026-11-27T12:00:00Z");

describe("resolveRange", () => {
  it("defaults to the last 7 days by day", () => {
    expect(resolveRange({}, now)).toEqual({ range: "7d", from: new Date("2026-11-20T12:00:00Z"), to: now, bucket: "day" });
  });
  it("uses hours for 24 h and honours an explicit bucket", () => {
    expect(resolveRange({ range: "24h" }, now).bucket).toBe("hour");
    expect(resolveRange({ range: "30d", bucket: "hour" }, now).bucket).toBe("hour");
  });
  it("takes a custom range and falls back to the default when it is broken", () => {
    expect(resolveRange({ range: "custom", from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }, now)).toMatchObject({ range: "custom", bucket: "hour" });
    expect(resolveRange({ range: "custom", from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" }, now).range).toBe("7d");
    expect(resolveRange({ range: "custom", from: "2026-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z", bucket: "hour" }, now).bucket).toBe("day");
  });
  it("falls back to the default for times PostgreSQL cannot take (year 0, before 1970, after 9999)", () => {
    for (const [from, to] of [["0000-06-01T00:00:00Z", "2026-11-02T00:00:00Z"], ["1969-12-31T00:00:00Z", "1970-01-02T00:00:00Z"], ["2026-11-01T00:00:00Z", "+010000-01-01T00:00:00Z"]]) {
      expect(resolveRange({ range: "custom", from, to }, now).range).toBe("7d");
    }
  });
});

describe("splitOf", () => {
  it("takes version and declared segment features from the URL, and nothing else", () => {
    expect(splitOf({ split: "version" }, [])).toBe("version");
    expect(splitOf({ split: "feature:sender_domain" }, ["sender_domain"])).toBe("feature:sender_domain");
    expect(splitOf({ split: "feature:length" }, ["sender_domain"])).toBeNull();
    expect(splitOf({ split: "sender_domain" }, ["sender_domain"])).toBeNull();
    expect(splitOf({}, ["sender_domain"])).toBeNull();
  });
});
