import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { ChangeRoleInput } from "@/lib/users/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { endUserSessions } from "../sessions";
import { lockUserForChange } from "./lock-user";
import { toPublicUser, type PublicUser } from "./public-user";

/** A new role ends the person's sessions: they sign in again and see what the role allows. */
export async function changeUserRole(ctx: ServiceContext, rawInput: unknown): Promise<PublicUser> {
  assertPermission(ctx.actor, "users.manage");
  const input = parseInput(ChangeRoleInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const { user, isLastAdmin } = await lockUserForChange(tx, input.userId);
    if (user.role === input.role) return toPublicUser(user);
    if (isLastAdmin) {
      throw new ServiceError("conflict", "This is the last active admin: make someone else an admin first.");
    }
    const [updated] = await tx
      .update(users)
      .set({ role: input.role, updatedAt: sql`now()` })
      .where(eq(users.id, user.id))
      .returning();
    await endUserSessions(tx, user.id, "role_changed");
    await writeAudit(tx, ctx.actor, {
      action: "user.role_changed",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, from: user.role, to: input.role },
    });
    return toPublicUser(updated!);
  });
}
