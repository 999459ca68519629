import "server-only";
import { eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { assertPermission, type ServiceContext, type UserActor } from "../context";
import { listOwnSessions, type OwnSession } from "../sessions";

/** What the account page shows a person about themselves. */
export async function getOwnAccount(ctx: ServiceContext & { actor: UserActor }): Promise<{ hasPassword: boolean; sessions: OwnSession[] }> {
  assertPermission(ctx.actor, "account.manage");
  const [[user], sessions] = await Promise.all([
    ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.actor.id)),
    listOwnSessions(ctx),
  ]);
  return { hasPassword: Boolean(user?.passwordHash), sessions };
}
