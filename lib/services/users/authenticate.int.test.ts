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

const limits = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 6, windowMinutes: 15 };
const at = (iso: string) => new Date(iso);

describe("authenticate", () => {
  it("signs in with the right password and records the attempt", async () => {
    const { actor } = await actingAs(t.db, "viewer", "right@example.com", "the-right-password");
    const user = await authenticate(t.db, { email: " RIGHT@example.com", password: "the-right-password", address: "10.0.0.1" }, limits);
    expect(user.id).toBe(actor.id);
    const [stored] = await t.db.select().from(users).where(eq(users.id, actor.id));
    expect(stored!.lastSignInAt).not.toBeNull();
    expect(await t.db.select().from(signInAttempts).where(eq(signInAttempts.email, "right@example.com"))).toHaveLength(1);
  });

  it("gives the same answer for a wrong password, an unknown account and a deactivated one", async () => {
    await actingAs(t.db, "viewer", "known@example.com", "known-password");
    const inactive = await actingAs(t.db, "viewer", "inactive@example.com", "inactive-password");
    await t.db.update(users).set({ active: false }).where(eq(users.id, inactive.actor.id));
    for (const [email, password] of [["known@example.com", "wrong"], ["nobody@example.com", "whatever"], ["inactive@example.com", "inactive-password"]]) {
      await expect(authenticate(t.db, { email: email!, password: password!, address: "10.0.0.2" }, limits)).rejects.toMatchObject({ code: "unauthorized", message: WRONG_CREDENTIALS_MESSAGE });
    }
  });

  it("locks an account after the limit, even for the right password, until the window passes", async () => {
    await actingAs(t.db, "viewer", "target@example.com", "target-password");
    const attempt = (password: string, now: Date) => authenticate(t.db, { email: "target@example.com", password, address: `10.1.0.${now.getMinutes()}` }, limits, now);
    await expect(attempt("bad-1", at("2026-01-01T10:00:00Z"))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(attempt("bad-2", at("2026-01-01T10:01:00Z"))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(attempt("bad-3", at("2026-01-01T10:02:00Z"))).rejects.toMatchObject({ code: "unauthorized" });
    // Oldest failure at 10:00, window 15 min: locked until 10:15, so 10 minutes left at 10:05.
    await expect(attempt("target-password", at("2026-01-01T10:05:00Z"))).rejects.toMatchObject({
      code: "rate_limited",
      message: "Too many failed sign-in attempts for this account. Try again in 10 minutes.",
    });
    const user = await attempt("target-password", at("2026-01-01T10:15:01Z"));
    expect(user.email).toBe("target@example.com");
  });

  it("counts an account's failures only since its last success", async () => {
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

  it("prunes attempts older than the cut-off", async () => {
    await t.db.insert(signInAttempts).values([
      { email: "old@example.com", address: "x", succeeded: false, at: at("2020-01-01T00:00:00Z") },
      { email: "old@example.com", address: "x", succeeded: false, at: at("2020-01-02T00:00:00Z") },
    ]);
    const removed = await pruneSignInAttempts(t.db, at("2021-01-01T00:00:00Z"));
    expect(removed).toBe(2);
    expect(await t.db.select().from(signInAttempts).where(eq(signInAttempts.email, "old@example.com"))).toEqual([]);
  });
});
