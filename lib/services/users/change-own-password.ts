import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { SignInLimits } from "@/lib/auth/sign-in-limits";
import { ChangeOwnPasswordInput } from "@/lib/users/schemas";
import { assertPermission, type ServiceContext, type UserActor } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { endUserSessions } from "../sessions";
import { checkPasswordWithinLimits } from "./check-password";

/**
 * A signed-in person sets a new password, giving the current one; the check counts against the
 * same limits as signing in, so a borrowed session cannot be used to guess it. Every other
 * session of theirs ends; the one they are using goes on.
 */
export async function changeOwnPassword(
  ctx: ServiceContext & { actor: UserActor },
  rawInput: unknown,
  check: { limits: SignInLimits; address: string | null },
): Promise<{ endedSessions: number }> {
  assertPermission(ctx.actor, "account.manage");
  const input = parseInput(ChangeOwnPasswordInput, rawInput);
  const [stored] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.actor.id));
  if (!stored?.passwordHash) throw new ServiceError("conflict", "You sign in through single sign-on, so there is no Vigil password to change.");

  const proven = await checkPasswordWithinLimits(ctx.db, { email: ctx.actor.email, password: input.currentPassword, address: check.address }, check.limits);
  if (!proven || proven.id !== ctx.actor.id) {
    throw new ServiceError("invalid_input", "Your current password is not right.", { currentPassword: ["Not your current password"] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, ctx.actor.id));
    const endedSessions = await endUserSessions(tx, ctx.actor.id, "password_changed", ctx.actor.sessionId);
    await writeAudit(tx, ctx.actor, { action: "user.password_changed", targetType: "user", targetId: ctx.actor.id, details: { email: ctx.actor.email, endedSessions } });
    return { endedSessions };
  });
}
