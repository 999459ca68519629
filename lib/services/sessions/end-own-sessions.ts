import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { userSessions } from "@/lib/db/schema";
import { EndOwnSessionsInput } from "@/lib/users/schemas";
import { assertPermission, type ServiceContext, type UserActor } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { endUserSessions } from "./end-sessions";

/**
 * A person signs out elsewhere (a lost laptop, a shared screen): every session but the one asking,
 * or one session of theirs by its id. Nobody can end another person's session this way.
 */
export async function endOwnSessions(ctx: ServiceContext & { actor: UserActor }, rawInput: unknown): Promise<{ endedSessions: number }> {
  assertPermission(ctx.actor, "account.manage");
  const input = parseInput(EndOwnSessionsInput, rawInput);
  if ("which" in input) {
    if (!ctx.actor.sessionId) throw new ServiceError("conflict", "Sign in again first.");
    return { endedSessions: await endUserSessions(ctx.db, ctx.actor.id, "signed_out_elsewhere", ctx.actor.sessionId) };
  }
  const ended = await ctx.db
    .update(userSessions)
    .set({ endedAt: sql`now()`, endedReason: input.sessionId === ctx.actor.sessionId ? "signed_out" : "signed_out_elsewhere" })
    .where(and(eq(userSessions.id, input.sessionId), eq(userSessions.userId, ctx.actor.id), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return { endedSessions: ended.length };
}
