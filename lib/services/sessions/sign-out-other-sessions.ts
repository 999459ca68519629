import { assertPermission, type ServiceContext, type UserActor } from "../context";
import { ServiceError } from "../errors";
import { endUserSessions } from "./end-sessions";

/** Ends every session of the signed-in person but the one asking (a lost laptop, a shared screen). */
export async function signOutOtherSessions(ctx: ServiceContext & { actor: UserActor }): Promise<{ endedSessions: number }> {
  assertPermission(ctx.actor, "account.manage");
  if (!ctx.actor.sessionId) throw new ServiceError("conflict", "Sign in again first.");
  return { endedSessions: await endUserSessions(ctx.db, ctx.actor.id, "signed_out_elsewhere", ctx.actor.sessionId) };
}
