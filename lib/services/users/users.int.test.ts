import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, users } from "@/lib/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs, userByEmail } from "@/test/actors";
import { createUser } from "./create-user";
import { changeUserRole } from "./change-user-role";
import { setUserActive } from "./set-user-active";
import { listUsers } from "./list-users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const auditRows = (targetId: string) => t.db.select().from(auditLog).where(eq(auditLog.targetId, targetId));

describe("user management", () => {
  it("creates a user with a hashed password and an audit row", async () => {
    const admin = await actingAs(t.db, "admin");
    const { user, generatedPassword } = await createUser(admin, { email: "New.Person@Example.com", name: "New Person", role: "annotator" });
    expect(user.email).toBe("new.person@example.com");
    expect(user).not.toHaveProperty("passwordHash");
    const stored = await userByEmail(t.db, "new.person@example.com");
    expect(await verifyPassword(generatedPassword!, stored!.passwordHash!)).toBe(true);
    const audit = await auditRows(user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "user.created", actorType: "user", actorLabel: admin.actor.email, details: { email: "new.person@example.com", role: "annotator" } });
  });

  it("refuses a duplicate e-mail with a conflict and writes nothing", async () => {
    const admin = await actingAs(t.db, "admin");
    await createUser(admin, { email: "twice@example.com", name: "Once", role: "viewer", password: "first-password" });
    const before = await t.db.$count(auditLog);
    await expect(createUser(admin, { email: "TWICE@example.com", name: "Twice", role: "viewer" })).rejects.toMatchObject({
      code: "conflict",
      message: "A user with the e-mail twice@example.com already exists.",
    });
    expect(await t.db.$count(auditLog)).toBe(before);
  });

  it("refuses every role but admin, and changes nothing", async () => {
    for (const role of ["approver", "annotator", "viewer"] as const) {
      const ctx = await actingAs(t.db, role);
      const before = await t.db.$count(users);
      await expect(createUser(ctx, { email: `by-${role}@example.com`, name: "X", role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(listUsers(ctx)).rejects.toMatchObject({ code: "forbidden" });
      await expect(changeUserRole(ctx, { userId: ctx.actor.id, role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
      expect(await t.db.$count(users)).toBe(before);
      expect((await userByEmail(t.db, ctx.actor.email))!.role).toBe(role);
    }
  });

  it("rejects invalid input with a message per field", async () => {
    const admin = await actingAs(t.db, "admin");
    await expect(createUser(admin, { email: "nope", name: "", role: "root" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { email: ["Enter a valid e-mail address"], name: ["Enter a name"], role: ["Choose a role"] },
    });
  });

  it("changes a role and records from and to", async () => {
    const admin = await actingAs(t.db, "admin");
    const target = await actingAs(t.db, "viewer");
    const updated = await changeUserRole(admin, { userId: target.actor.id, role: "approver" });
    expect(updated.role).toBe("approver");
    const audit = await auditRows(target.actor.id);
    expect(audit.map((a) => a.details)).toContainEqual({ email: target.actor.email, from: "viewer", to: "approver" });
  });

  it("deactivates and reactivates, auditing both, but never oneself", async () => {
    const admin = await actingAs(t.db, "admin");
    const target = await actingAs(t.db, "annotator");
    expect((await setUserActive(admin, { userId: target.actor.id, active: false })).active).toBe(false);
    expect((await setUserActive(admin, { userId: target.actor.id, active: true })).active).toBe(true);
    expect((await auditRows(target.actor.id)).map((a) => a.action)).toEqual(["user.deactivated", "user.reactivated"]);
    await expect(setUserActive(admin, { userId: admin.actor.id, active: false })).rejects.toMatchObject({ message: "You cannot deactivate yourself." });
  });

  it("keeps at least one active admin", async () => {
    const isolated = await createTestDatabase();
    try {
      const admin = await actingAs(isolated.db, "admin");
      const system = { db: isolated.db, actor: { type: "system", label: "test" } as const };
      await expect(changeUserRole(system, { userId: admin.actor.id, role: "viewer" })).rejects.toMatchObject({
        code: "conflict",
        message: "This is the last active admin: make someone else an admin first.",
      });
      await expect(setUserActive(system, { userId: admin.actor.id, active: false })).rejects.toMatchObject({ code: "conflict" });
      const second = await actingAs(isolated.db, "admin");
      expect((await changeUserRole(second, { userId: admin.actor.id, role: "viewer" })).role).toBe("viewer");
    } finally {
      await isolated.drop();
    }
  });

  it("answers not found for an unknown user", async () => {
    const admin = await actingAs(t.db, "admin");
    await expect(changeUserRole(admin, { userId: "00000000-0000-4000-8000-000000000000", role: "viewer" })).rejects.toMatchObject({ code: "not_found" });
  });
});
