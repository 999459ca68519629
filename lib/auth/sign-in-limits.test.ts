import { describe, expect, it } from "vitest";
import { decideSignIn, describeRetry } from "./sign-in-limits";

const limits = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMinutes: 15 };
const now = new Date("2026-11-27T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("decideSignIn", () => {
  it("allows below both limits", () => {
    expect(
      decideSignIn({ accountFailures: 4, oldestAccountFailureAt: minutesAgo(3), addressFailures: 19, oldestAddressFailureAt: minutesAgo(3) }, limits, now),
    ).toEqual({ allowed: true });
  });

  it("locks the account at the limit until its oldest failure leaves the window", () => {
    // Oldest failure 10 minutes ago, window 15 minutes: open again in 5 minutes = 300 s.
    expect(
      decideSignIn({ accountFailures: 5, oldestAccountFailureAt: minutesAgo(10), addressFailures: 5, oldestAddressFailureAt: minutesAgo(10) }, limits, now),
    ).toEqual({ allowed: false, reason: "account", retryAfterSeconds: 300 });
  });

  it("limits an address that tries many accounts", () => {
    expect(
      decideSignIn({ accountFailures: 0, oldestAccountFailureAt: null, addressFailures: 20, oldestAddressFailureAt: minutesAgo(14.5) }, limits, now),
    ).toEqual({ allowed: false, reason: "address", retryAfterSeconds: 30 });
  });

  it("never asks to wait less than a second", () => {
    const decision = decideSignIn({ accountFailures: 5, oldestAccountFailureAt: minutesAgo(15), addressFailures: 0, oldestAddressFailureAt: null }, limits, now);
    expect(decision).toEqual({ allowed: false, reason: "account", retryAfterSeconds: 1 });
  });
});

describe("describeRetry", () => {
  it("says seconds under a minute and rounds minutes up", () => {
    expect(describeRetry(1)).toBe("1 second");
    expect(describeRetry(45)).toBe("45 seconds");
    expect(describeRetry(60)).toBe("1 minute");
    expect(describeRetry(61)).toBe("2 minutes");
    expect(describeRetry(900)).toBe("15 minutes");
  });
});
