import { describe, expect, it } from "vitest";
import { accountDelaySeconds, decideSignIn, describeRetry, type AccountAttempt, type AttemptHistory } from "./sign-in-limits";

const limits = { maxFailuresPerAccountAndAddress: 5, maxFailuresPerAddress: 20, maxFailuresPerAccount: 5, maxDelaySeconds: 60, windowMinutes: 15 };
const now = new Date("2026-11-27T12:00:00Z");
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);
const failure = (s: number, address: string | null): AccountAttempt => ({ at: secondsAgo(s), address, succeeded: false });
const history = (accountAttempts: AccountAttempt[], more: Partial<AttemptHistory> = {}): AttemptHistory => ({
  accountAttempts,
  addressFailures: 0,
  oldestAddressFailureAt: null,
  knownAddress: false,
  ...more,
});

describe("decideSignIn", () => {
  it("allows below every limit", () => {
    expect(decideSignIn(history([failure(30, "10.0.0.1"), failure(20, "10.0.0.1")]), "10.0.0.1", limits, now)).toEqual({ allowed: true });
  });

  it("stops one address on one account at its limit, until its oldest failure leaves the window", () => {
    const attempts = [600, 500, 400, 300, 200].map((s) => failure(s, "10.0.0.1"));
    // Oldest failure 600 s ago, window 900 s: open again in 300 s.
    expect(decideSignIn(history(attempts, { knownAddress: true }), "10.0.0.1", limits, now)).toEqual({ allowed: false, reason: "account-and-address", retryAfterSeconds: 300 });
  });

  it("does not stop the owner at another address when an attacker's address is stopped (no lockout from elsewhere)", () => {
    const attacker = [600, 500, 400, 300, 200].map((s) => failure(s, "203.0.113.9"));
    expect(decideSignIn(history(attacker, { knownAddress: true }), "10.0.0.1", limits, now)).toEqual({ allowed: true });
  });

  it("counts in-flight checks (succeeded: null) as failures, so parallel attempts cannot slip under", () => {
    const inFlight = [1, 1, 1, 1, 1].map((s): AccountAttempt => ({ at: secondsAgo(s), address: "10.0.0.1", succeeded: null }));
    expect(decideSignIn(history(inFlight), "10.0.0.1", limits, now)).toMatchObject({ allowed: false, reason: "account-and-address" });
  });

  it("forgets an address's failures on this account once that address got in", () => {
    const attempts = [...[600, 500, 400, 300, 200].map((s) => failure(s, "10.0.0.1")), { at: secondsAgo(100), address: "10.0.0.1", succeeded: true }];
    expect(decideSignIn(history(attempts, { knownAddress: true }), "10.0.0.1", limits, now)).toEqual({ allowed: true });
  });

  it("limits an address that tries many accounts", () => {
    expect(decideSignIn(history([], { addressFailures: 20, oldestAddressFailureAt: secondsAgo(870) }), "10.0.0.1", limits, now)).toEqual({ allowed: false, reason: "address", retryAfterSeconds: 30 });
  });

  it("slows an account under a spread-out attack with growing delays, from unfamiliar addresses only", () => {
    // Six failures from six addresses, the last 1 s ago: the sixth failure asks for 2 s.
    const spread = [60, 50, 40, 30, 20, 1].map((s, i) => failure(s, `198.51.100.${i}`));
    expect(decideSignIn(history(spread), "192.0.2.77", limits, now)).toEqual({ allowed: false, reason: "account-delay", retryAfterSeconds: 1 });
    expect(decideSignIn(history(spread), "192.0.2.77", limits, new Date(now.getTime() + 1500))).toEqual({ allowed: true });
    // The owner, at an address they signed in from before, is not delayed.
    expect(decideSignIn(history(spread, { knownAddress: true }), "192.0.2.77", limits, now)).toEqual({ allowed: true });
  });

  it("never delays more than the ceiling, so an attacker cannot hold an account shut", () => {
    const many = Array.from({ length: 40 }, (_, i) => failure(800 - i * 20, `198.51.100.${i}`));
    const decision = decideSignIn(history(many), "192.0.2.77", limits, now);
    expect(decision.allowed).toBe(false);
    // The last of 40 failures was 20 s ago: the ceiling (60 s) leaves 40 s, not 2^35 s.
    expect(decision).toEqual({ allowed: false, reason: "account-delay", retryAfterSeconds: 40 });
  });

  it("with no known address applies only the account's delays", () => {
    const attempts = [600, 500, 400, 300, 200, 100].map((s) => failure(s, null));
    expect(decideSignIn(history(attempts), null, limits, now)).toEqual({ allowed: true });
    expect(decideSignIn(history([...attempts, failure(1, null)]), null, limits, now)).toMatchObject({ allowed: false, reason: "account-delay" });
  });
});

describe("accountDelaySeconds", () => {
  it("is none below the limit, then doubles from 1 s up to the ceiling", () => {
    expect([0, 4, 5, 6, 7, 8, 10, 11, 12, 100].map((n) => accountDelaySeconds(n, limits))).toEqual([0, 0, 1, 2, 4, 8, 32, 60, 60, 60]);
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
