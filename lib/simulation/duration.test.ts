import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

describe("parseDuration", () => {
  it("reads a number with a unit, compounds, fractions and bare seconds", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration(" 2D ")).toBe(172_800_000);
    expect(parseDuration("45")).toBe(45_000);
  });

  it("refuses what is not a duration, naming it", () => {
    for (const text of ["", "s", "5x", "five minutes", "-5s", "5m and 3s", "1h 30m"]) {
      expect(() => parseDuration(text)).toThrow(`"${text}" is not a duration`);
    }
  });
});

describe("formatDuration", () => {
  it("writes the largest units first and round-trips through parseDuration", () => {
    expect(formatDuration(250)).toBe("250ms");
    expect(formatDuration(60_000)).toBe("1m");
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(3_600_000)).toBe("1h");
    for (const ms of [1_000, 61_000, 3_661_000, 90_061_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
