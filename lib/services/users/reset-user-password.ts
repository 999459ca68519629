import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { ResetPasswordInput } from "@/lib/users/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { endUserSessions } from "../sessions";
import { toPublicUser, type PublicUser } from "./public-user";

/**
 * An admin gives a person a new generated password (returned once, for the admin to hand over;
 * only its hash is kept). Every session of that person ends, and the reset is audited.
 */
export async function resetUserPassword(ctx: ServiceContext, rawInput: unknown): Promise<{ user: PublicUser; generatedPassword: string; endedSessions: number }> {
  assertPermission(ctx.actor, "users.manage");
  const input = parseInput(ResetPasswordInput, rawInput);
  if (ctx.actor.type === "user" && ctx.actor.id === input.userId) {
    throw new ServiceError("conflict", "Change your own password on your account page, where your current one is asked for.");
  }
  const generatedPassword = generatePassword();
  const passwordHash = await hashPassword(generatedPassword);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, input.userId)).returning();
    if (!user) throw new ServiceError("not_found", "That user does not exist.");
    const endedSessions = await endUserSessions(tx, user.id, "password_reset");
    await writeAudit(tx, ctx.actor, { action: "user.password_reset", targetType: "user", targetId: user.id, details: { email: user.email, endedSessions } });
    return { user: toPublicUser(user), generatedPassword, endedSessions };
  });
}
