import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { signInAttempts, users } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { authenticate, WRONG_CREDENTIALS_MESSAGE } from "./authenticate";
import { pruneSignInAttempts } from "./prune-sign-in-attempts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const limits = { maxFailuresPerAccountAndAddress: 3, maxFailuresPerAddress: 6, maxFailuresPerAccount: 3, maxDelaySeconds: 60, windowMinutes: 15 };
const at = (iso: string) => new Date(iso);
const attemptsOf = (email: string) => t.db.select().from(signInAttempts).where(eq(signInAttempts.email, email));

describe("authenticate", () => {
  it("signs in with the right password and records the attempt with its address", async () => {
    const { actor } = await actingAs(t.db, "viewer", "right@example.com", "the-right-password");
    const user = await authenticate(t.db, { email: " RIGHT@example.com", password: "the-right-password", address: "10.0.0.1" }, limits);
    expect(user.id).toBe(actor.id);
    const [stored] = await t.db.select().from(users).where(eq(users.id, actor.id));
    expect(stored!.lastSignInAt).not.toBeNull();
    expect(await attemptsOf("right@example.com")).toMatchObject([{ address: "10.0.0.1", succeeded: true }]);
  });

  it("gives the same answer for a wrong password, an unknown account and a deactivated one", async () => {
    await actingAs(t.db, "viewer", "known@example.com", "known-password");
    const inactive = await actingAs(t.db, "viewer", "inactive@example.com", "inactive-password");
    await t.db.update(users).set({ active: false }).where(eq(users.id, inactive.actor.id));
    for (const [email, password] of [["known@example.com", "wrong"], ["nobody@example.com", "whatever"], ["inactive@example.com", "inactive-password"]]) {
      await expect(authenticate(t.db, { email: email!, password: password!, address: "10.0.0.2" }, limits)).rejects.toMatchObject({ code: "unauthorized", message: WRONG_CREDENTIALS_MESSAGE });
    }
  });

  it("stops an address that failed too often on an account, even with the right password, until the window passes", async () => {
    await actingAs(t.db, "viewer", "target@example.com", "target-password");
    const attempt = (password: string, iso: string) => authenticate(t.db, { email: "target@example.com", password, address: "203.0.113.5" }, limits, at(iso));
    await expect(attempt("bad-1", "2026-01-01T10:00:00Z")).rejects.toMatchObject({ code: "unauthorized" });
    await expect(attempt("bad-2", "2026-01-01T10:01:00Z")).rejects.toMatchObject({ code: "unauthorized" });
    await expect(attempt("bad-3", "2026-01-01T10:02:00Z")).rejects.toMatchObject({ code: "unauthorized" });
    // Oldest failure at 10:00, window 15 min: stopped until 10:15, so 10 minutes left at 10:05.
    await expect(attempt("target-password", "2026-01-01T10:05:00Z")).rejects.toMatchObject({
      code: "rate_limited",
      message: "Too many failed sign-in attempts for this account from your address. Try again in 10 minutes.",
    });
    expect((await attempt("target-password", "2026-01-01T10:15:01Z")).email).toBe("target@example.com");
  });

  it("cannot be used to lock the owner out from another address (the old lockout DoS)", async () => {
    await actingAs(t.db, "viewer", "victim@example.com", "victim-password");
    // The owner signed in from home once; then an attacker fails again and again from elsewhere.
    await authenticate(t.db, { email: "victim@example.com", password: "victim-password", address: "192.0.2.10" }, limits, at("2026-01-02T09:00:00Z"));
    for (let i = 0; i < 3; i++) {
      await expect(authenticate(t.db, { email: "victim@example.com", password: `guess-${i}`, address: "203.0.113.66" }, limits, at(`2026-01-02T10:0${i}:00Z`))).rejects.toMatchObject({ code: "unauthorized" });
    }
    await expect(authenticate(t.db, { email: "victim@example.com", password: "guess-3", address: "203.0.113.66" }, limits, at("2026-01-02T10:03:00Z"))).rejects.toMatchObject({ code: "rate_limited" });
    // The attacker is stopped; the owner at home gets straight in.
    const owner = await authenticate(t.db, { email: "victim@example.com", password: "victim-password", address: "192.0.2.10" }, limits, at("2026-01-02T10:03:01Z"));
    expect(owner.email).toBe("victim@example.com");
  });

  it("slows a guesser spread over many addresses with growing delays, and the owner's usual address not at all", async () => {
    await actingAs(t.db, "viewer", "spread@example.com", "spread-password");
    await authenticate(t.db, { email: "spread@example.com", password: "spread-password", address: "192.0.2.20" }, limits, at("2026-01-03T09:00:00Z"));
    const guess = (address: string, iso: string) => authenticate(t.db, { email: "spread@example.com", password: "guess", address }, limits, at(iso));
    for (let i = 0; i < 3; i++) await expect(guess(`198.51.100.${i}`, `2026-01-03T10:00:0${i}Z`)).rejects.toMatchObject({ code: "unauthorized" });
    // The 3rd failure (the limit) asks the next unfamiliar address to wait 1 s after it.
    await expect(guess("198.51.100.3", "2026-01-03T10:00:02.500Z")).rejects.toMatchObject({ code: "rate_limited", message: expect.stringContaining("each new one waits a little. Try again in 1 second.") });
    await expect(guess("198.51.100.4", "2026-01-03T10:00:03.100Z")).rejects.toMatchObject({ code: "unauthorized" });
    // The 4th failure asks for 2 s.
    await expect(guess("198.51.100.5", "2026-01-03T10:00:04.500Z")).rejects.toMatchObject({ code: "rate_limited", message: expect.stringContaining("Try again in 1 second.") });
    await expect(guess("198.51.100.5", "2026-01-03T10:00:05.200Z")).rejects.toMatchObject({ code: "unauthorized" });
    // Meanwhile the owner, from the address they used before, signs in without waiting.
    const owner = await authenticate(t.db, { email: "spread@example.com", password: "spread-password", address: "192.0.2.20" }, limits, at("2026-01-03T10:00:05.300Z"));
    expect(owner.email).toBe("spread@example.com");
  });

  it("lets 26 parallel attempts from one address make at most the limit of password checks", async () => {
    const strict = { ...limits, maxFailuresPerAccountAndAddress: 5, maxFailuresPerAccount: 5, maxFailuresPerAddress: 100 };
    await actingAs(t.db, "viewer", "race@example.com", "race-password");
    const outcomes = await Promise.allSettled(Array.from({ length: 26 }, (_, i) => authenticate(t.db, { email: "race@example.com", password: `wrong-${i}`, address: "203.0.113.26" }, strict)));
    const codes = outcomes.map((o) => (o.status === "rejected" ? (o.reason as { code: string }).code : "ok"));
    expect(codes.filter((c) => c === "unauthorized")).toHaveLength(5);
    expect(codes.filter((c) => c === "rate_limited")).toHaveLength(21);
    // Each recorded attempt is one password check.
    expect(await attemptsOf("race@example.com")).toHaveLength(5);
  });

  it("lets 26 parallel attempts from 26 addresses make at most the account's limit of password checks", async () => {
    const strict = { ...limits, maxFailuresPerAccountAndAddress: 5, maxFailuresPerAccount: 5, maxFailuresPerAddress: 100 };
    await actingAs(t.db, "viewer", "race-spread@example.com", "race-password");
    const outcomes = await Promise.allSettled(Array.from({ length: 26 }, (_, i) => authenticate(t.db, { email: "race-spread@example.com", password: `wrong-${i}`, address: `198.51.100.${100 + i}` }, strict)));
    expect(outcomes.filter((o) => o.status === "rejected" && (o.reason as { code: string }).code === "unauthorized")).toHaveLength(5);
    expect(await attemptsOf("race-spread@example.com")).toHaveLength(5);
  });

  it("counts an address's failures on an account only since it last got in", async () => {
    await actingAs(t.db, "viewer", "forgetful@example.com", "forgetful-password");
    const attempt = (password: string, iso: string) => authenticate(t.db, { email: "forgetful@example.com", password, address: "10.2.0.1" }, limits, at(iso));
    await expect(attempt("bad", "2026-02-01T10:00:00Z")).rejects.toThrow();
    await expect(attempt("bad", "2026-02-01T10:01:00Z")).rejects.toThrow();
    await attempt("forgetful-password", "2026-02-01T10:02:00Z");
    await expect(attempt("bad", "2026-02-01T10:03:00Z")).rejects.toMatchObject({ code: "unauthorized" });
    await expect(attempt("bad", "2026-02-01T10:04:00Z")).rejects.toMatchObject({ code: "unauthorized" });
    expect((await attempt("forgetful-password", "2026-02-01T10:05:00Z")).email).toBe("forgetful@example.com");
  });

  it("limits one address trying many accounts", async () => {
    const address = "203.0.113.9";
    for (let i = 0; i < 6; i++) {
      await expect(authenticate(t.db, { email: `guess-${i}@example.com`, password: "x", address }, limits, at("2026-03-01T10:00:00Z"))).rejects.toMatchObject({ code: "unauthorized" });
    }
    await expect(authenticate(t.db, { email: "guess-7@example.com", password: "x", address }, limits, at("2026-03-01T10:01:00Z"))).rejects.toMatchObject({
      code: "rate_limited",
      message: "Too many failed sign-in attempts from your address. Try again in 14 minutes.",
    });
  });

  it("prunes failures after the cut-off and keeps successes a month, for familiar addresses", async () => {
    await t.db.insert(signInAttempts).values([
      { email: "old@example.com", address: "x", succeeded: false, at: at("2020-01-01T00:00:00Z") },
      { email: "old@example.com", address: "x", succeeded: null, at: at("2020-01-02T00:00:00Z") },
      { email: "old@example.com", address: "x", succeeded: true, at: at("2020-01-20T00:00:00Z") },
      { email: "old@example.com", address: "x", succeeded: true, at: at("2019-11-01T00:00:00Z") },
    ]);
    const removed = await pruneSignInAttempts(t.db, at("2020-01-25T00:00:00Z"));
    expect(removed).toBe(3);
    expect(await attemptsOf("old@example.com")).toMatchObject([{ succeeded: true, at: at("2020-01-20T00:00:00Z") }]);
  });
});
