import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, users } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { signInWithOidc } from "./sign-in-with-oidc";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const roleOf = async (email: string) => (await t.db.select().from(users).where(eq(users.email, email)))[0]?.role;

describe("an OIDC sign-in with a role claim", () => {
  it("creates a new person with the claim's role rather than the default", async () => {
    await signInWithOidc(t.db, { email: "New.Approver@Example.com", name: "New", defaultRole: "viewer", providerRole: "approver" });
    expect(await roleOf("new.approver@example.com")).toBe("approver");
  });

  it("moves a known person to the claim's role at each sign-in, audited", async () => {
    const known = await actingAs(t.db, "annotator", "moved@example.com");
    await signInWithOidc(t.db, { email: "moved@example.com", name: "Moved", defaultRole: "viewer", providerRole: "viewer" });
    expect(await roleOf("moved@example.com")).toBe("viewer");
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, known.actor.id), eq(auditLog.action, "user.role_changed")));
    expect(audit.map((a) => a.details)).toEqual([{ email: "moved@example.com", from: "annotator", to: "viewer", via: "oidc" }]);
    // Without a role claim configured, the role an admin gave stays.
    await signInWithOidc(t.db, { email: "moved@example.com", name: "Moved", defaultRole: "admin" });
    expect(await roleOf("moved@example.com")).toBe("viewer");
  });

  it("never demotes the last active admin, and refuses a deactivated person", async () => {
    await actingAs(t.db, "admin", "only-admin@example.com");
    await signInWithOidc(t.db, { email: "only-admin@example.com", name: "Admin", defaultRole: "viewer", providerRole: "viewer" });
    expect(await roleOf("only-admin@example.com")).toBe("admin");
    const gone = await actingAs(t.db, "viewer", "gone@example.com");
    await t.db.update(users).set({ active: false }).where(eq(users.id, gone.actor.id));
    await expect(signInWithOidc(t.db, { email: "gone@example.com", name: "Gone", defaultRole: "viewer", providerRole: "admin" })).rejects.toThrow("This account has been deactivated.");
    expect(await roleOf("gone@example.com")).toBe("viewer");
  });
});
