import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, users, userSessions } from "@/lib/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import type { ServiceContext, UserActor } from "../context";
import { findSessionUser, setUserActive, changeUserRole, changeOwnPassword, resetUserPassword, authenticate } from "../users";
import { startSession } from "./start-session";
import { endSession } from "./end-sessions";
import { endOwnSessions } from "./end-own-sessions";
import { listOwnSessions } from "./list-own-sessions";

// Issue #13: sign-out did not end a session (the cookie worked for 12 more hours) and re-activating
// a user revived their old cookies. Sessions are rows now; each case here ends them on the server.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const limits = { maxFailuresPerAccountAndAddress: 5, maxFailuresPerAddress: 20, maxFailuresPerAccount: 5, maxDelaySeconds: 60, windowMinutes: 15 };

/** A person signed in on `count` browsers: their context (acting from the first) and each cookie's contents. */
async function signedIn(role: UserActor["role"], count: number, password = "a-test-password") {
  const ctx = await actingAs(t.db, role, undefined, password);
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push({ userId: ctx.actor.id, sessionId: (await startSession(t.db, { userId: ctx.actor.id, address: `10.0.0.${i}`, userAgent: "test" })).id });
  return { ctx: { ...ctx, actor: { ...ctx.actor, sessionId: tokens[0]!.sessionId } } as ServiceContext & { actor: UserActor }, tokens };
}
const live = async (tokens: { userId: string; sessionId: string }[]) => Promise.all(tokens.map(async (token) => (await findSessionUser(t.db, token)) !== null));

describe("sessions", () => {
  it("a signed-out session is refused from then on", async () => {
    const { tokens } = await signedIn("viewer", 2);
    expect(await live(tokens)).toEqual([true, true]);
    expect(await endSession(t.db, tokens[0]!.sessionId, "signed_out")).toBe(true);
    expect(await live(tokens)).toEqual([false, true]);
    const [row] = await t.db.select().from(userSessions).where(eq(userSessions.id, tokens[0]!.sessionId));
    expect(row).toMatchObject({ endedReason: "signed_out" });
  });

  it("refuses a cookie without a session id, one for another user, and an expired session", async () => {
    const { ctx, tokens } = await signedIn("viewer", 1);
    const other = await actingAs(t.db, "viewer");
    expect(await findSessionUser(t.db, { userId: ctx.actor.id, sessionId: undefined })).toBeNull();
    expect(await findSessionUser(t.db, { userId: other.actor.id, sessionId: tokens[0]!.sessionId })).toBeNull();
    await t.db.update(userSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(userSessions.id, tokens[0]!.sessionId));
    expect(await live(tokens)).toEqual([false]);
  });

  it("deactivating ends every session, and re-activating does not revive them", async () => {
    const admin = await actingAs(t.db, "admin");
    const { ctx, tokens } = await signedIn("annotator", 2);
    await setUserActive(admin, { userId: ctx.actor.id, active: false });
    expect(await live(tokens)).toEqual([false, false]);
    await setUserActive(admin, { userId: ctx.actor.id, active: true });
    expect(await live(tokens)).toEqual([false, false]);
    // A new sign-in after re-activation works.
    const fresh = { userId: ctx.actor.id, sessionId: (await startSession(t.db, { userId: ctx.actor.id, address: null, userAgent: null })).id };
    expect(await live([fresh])).toEqual([true]);
  });

  it("a role change ends the person's sessions", async () => {
    const admin = await actingAs(t.db, "admin");
    const { ctx, tokens } = await signedIn("viewer", 2);
    await changeUserRole(admin, { userId: ctx.actor.id, role: "approver" });
    expect(await live(tokens)).toEqual([false, false]);
  });

  it("changing one's own password needs the current one, and ends the other sessions only", async () => {
    const { ctx, tokens } = await signedIn("annotator", 3, "old-password-1");
    const change = (input: Record<string, string>) => changeOwnPassword(ctx, input, { limits, address: "10.0.0.0" });
    await expect(change({ currentPassword: "not-it", newPassword: "new-password-1", confirmPassword: "new-password-1" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { currentPassword: ["Not your current password"] },
    });
    await expect(change({ currentPassword: "old-password-1", newPassword: "new-password-1", confirmPassword: "new-password-2" })).rejects.toMatchObject({ fieldErrors: { confirmPassword: ["Does not match the new password"] } });
    expect(await live(tokens)).toEqual([true, true, true]);

    await expect(change({ currentPassword: "old-password-1", newPassword: "new-password-1", confirmPassword: "new-password-1" })).resolves.toEqual({ endedSessions: 2 });
    expect(await live(tokens)).toEqual([true, false, false]);
    const [stored] = await t.db.select().from(users).where(eq(users.id, ctx.actor.id));
    expect(await verifyPassword("new-password-1", stored!.passwordHash!)).toBe(true);
    await expect(authenticate(t.db, { email: ctx.actor.email, password: "old-password-1", address: "10.0.0.0" }, limits)).rejects.toMatchObject({ code: "unauthorized" });
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, ctx.actor.id), eq(auditLog.action, "user.password_changed")))).toHaveLength(1);
  });

  it("has no password to change for a person who signs in through single sign-on", async () => {
    const { ctx } = await signedIn("viewer", 1);
    await t.db.update(users).set({ passwordHash: null }).where(eq(users.id, ctx.actor.id));
    await expect(changeOwnPassword(ctx, { currentPassword: "x", newPassword: "new-password-1", confirmPassword: "new-password-1" }, { limits, address: null })).rejects.toMatchObject({ code: "conflict" });
  });

  it("an admin's password reset gives a new password once, ends every session, and is audited", async () => {
    const admin = await actingAs(t.db, "admin");
    const { ctx, tokens } = await signedIn("approver", 2, "forgotten-password");
    const { generatedPassword } = await resetUserPassword(admin, { userId: ctx.actor.id });
    expect(await live(tokens)).toEqual([false, false]);
    expect((await authenticate(t.db, { email: ctx.actor.email, password: generatedPassword, address: "10.9.0.1" }, limits)).id).toBe(ctx.actor.id);
    await expect(authenticate(t.db, { email: ctx.actor.email, password: "forgotten-password", address: "10.9.0.1" }, limits)).rejects.toMatchObject({ code: "unauthorized" });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, ctx.actor.id), eq(auditLog.action, "user.password_reset")));
    expect(audit).toMatchObject({ actorLabel: admin.actor.email, details: { email: ctx.actor.email, endedSessions: 2 } });
    expect(JSON.stringify(audit)).not.toContain(generatedPassword);
  });

  it("a password reset is for admins only, and not for oneself", async () => {
    const target = await actingAs(t.db, "viewer");
    for (const role of ["approver", "annotator", "viewer"] as const) {
      await expect(resetUserPassword(await actingAs(t.db, role), { userId: target.actor.id })).rejects.toMatchObject({ code: "forbidden" });
    }
    const admin = await actingAs(t.db, "admin");
    await expect(resetUserPassword(admin, { userId: admin.actor.id })).rejects.toMatchObject({ code: "conflict" });
  });

  it("signing out of other sessions keeps this one", async () => {
    const { ctx, tokens } = await signedIn("viewer", 3);
    expect((await listOwnSessions(ctx)).map((s) => s.current)).toEqual(expect.arrayContaining([true, false, false]));
    expect(await endOwnSessions(ctx, { which: "others" })).toEqual({ endedSessions: 2 });
    expect(await live(tokens)).toEqual([true, false, false]);
    expect(await listOwnSessions(ctx)).toMatchObject([{ id: tokens[0]!.sessionId, current: true, address: "10.0.0.0" }]);
  });

  it("ends one's own session by id, and never another person's", async () => {
    const mine = await signedIn("viewer", 2);
    const theirs = await signedIn("viewer", 1);
    expect(await endOwnSessions(mine.ctx, { sessionId: theirs.tokens[0]!.sessionId })).toEqual({ endedSessions: 0 });
    expect(await live(theirs.tokens)).toEqual([true]);
    expect(await endOwnSessions(mine.ctx, { sessionId: mine.tokens[1]!.sessionId })).toEqual({ endedSessions: 1 });
    expect(await live(mine.tokens)).toEqual([true, false]);
    await expect(endOwnSessions(mine.ctx, {})).rejects.toMatchObject({ code: "invalid_input" });
  });
});
