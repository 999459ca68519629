import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { Role } from "@/lib/auth/roles";
import { writeAudit } from "../audit";
import { ServiceError } from "../errors";

/**
 * An OIDC sign-in: the provider has proven the e-mail. A known, active user keeps their role; an
 * unknown one is created with the configured default role (an admin can raise it later).
 */
export async function signInWithOidc(
  db: Database,
  input: { email: string; name: string; defaultRole: Role },
): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, email));
    if (existing) {
      if (!existing.active) throw new ServiceError("forbidden", "This account has been deactivated.");
      await tx.update(users).set({ lastSignInAt: sql`now()` }).where(eq(users.id, existing.id));
      return { id: existing.id };
    }
    const [created] = await tx
      .insert(users)
      .values({ email, name: input.name || email, role: input.defaultRole, passwordHash: null, lastSignInAt: sql`now()` })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new ServiceError("conflict", "Try signing in again.");
    await writeAudit(tx, { type: "system", label: "oidc" }, {
      action: "user.created",
      targetType: "user",
      targetId: created.id,
      details: { email, role: created.role, via: "oidc" },
    });
    return { id: created.id };
  });
}
