import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { Role } from "@/lib/auth/roles";
import { writeAudit } from "../audit";
import { ServiceError } from "../errors";
import { endUserSessions } from "../sessions";
import { lockUserForChange } from "./lock-user";

const OIDC_ACTOR = { type: "system", label: "oidc" } as const;

/**
 * An OIDC sign-in: the provider has proven the e-mail. A deactivated user is refused. Without a
 * role claim (`providerRole` undefined) a known user keeps their role and an unknown one gets the
 * configured default (an admin can change it later). With one, the provider decides: the user's
 * role becomes `providerRole` at each sign-in, audited, ending their other sessions as any role
 * change does; except that the last active admin is never demoted (nobody could manage users).
 */
export async function signInWithOidc(
  db: Database,
  input: { email: string; name: string; defaultRole: Role; providerRole?: Role },
): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, email));
    if (existing) {
      if (!existing.active) throw new ServiceError("forbidden", "This account has been deactivated.");
      const to = input.providerRole;
      if (to && to !== existing.role) {
        const { user, isLastAdmin } = await lockUserForChange(tx, existing.id);
        if (!isLastAdmin && user.role !== to) {
          await tx.update(users).set({ role: to, updatedAt: sql`now()` }).where(eq(users.id, user.id));
          await endUserSessions(tx, user.id, "role_changed");
          await writeAudit(tx, OIDC_ACTOR, { action: "user.role_changed", targetType: "user", targetId: user.id, details: { email, from: user.role, to, via: "oidc" } });
        }
      }
      await tx.update(users).set({ lastSignInAt: sql`now()` }).where(eq(users.id, existing.id));
      return { id: existing.id };
    }
    const [created] = await tx
      .insert(users)
      .values({ email, name: input.name || email, role: input.providerRole ?? input.defaultRole, passwordHash: null, lastSignInAt: sql`now()` })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new ServiceError("conflict", "Try signing in again.");
    await writeAudit(tx, OIDC_ACTOR, {
      action: "user.created",
      targetType: "user",
      targetId: created.id,
      details: { email, role: created.role, via: "oidc" },
    });
    return { id: created.id };
  });
}
