import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { SetActiveInput } from "@/lib/users/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { endUserSessions } from "../sessions";
import { lockUserForChange } from "./lock-user";
import { toPublicUser, type PublicUser } from "./public-user";

/**
 * Deactivated users cannot sign in, and their sessions end with the change. Re-activating also
 * ends any session left, so a cookie from before the deactivation never works again.
 */
export async function setUserActive(ctx: ServiceContext, rawInput: unknown): Promise<PublicUser> {
  assertPermission(ctx.actor, "users.manage");
  const input = parseInput(SetActiveInput, rawInput);
  if (!input.active && ctx.actor.type === "user" && ctx.actor.id === input.userId) {
    throw new ServiceError("conflict", "You cannot deactivate yourself.");
  }
  return ctx.db.transaction(async (tx) => {
    const { user, isLastAdmin } = await lockUserForChange(tx, input.userId);
    if (user.active === input.active) return toPublicUser(user);
    if (!input.active && isLastAdmin) {
      throw new ServiceError("conflict", "This is the last active admin: make someone else an admin first.");
    }
    const [updated] = await tx
      .update(users)
      .set({ active: input.active, updatedAt: sql`now()` })
      .where(eq(users.id, user.id))
      .returning();
    await endUserSessions(tx, user.id, input.active ? "reactivated" : "deactivated");
    await writeAudit(tx, ctx.actor, {
      action: input.active ? "user.reactivated" : "user.deactivated",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email },
    });
    return toPublicUser(updated!);
  });
}
