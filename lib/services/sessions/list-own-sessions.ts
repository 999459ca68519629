import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { userSessions } from "@/lib/db/schema";
import type { ServiceContext, UserActor } from "../context";

export type OwnSession = { id: string; current: boolean; address: string | null; userAgent: string | null; createdAt: Date; expiresAt: Date };

/** The signed-in person's live sessions, newest first, the one asking marked as current. */
export async function listOwnSessions(ctx: ServiceContext & { actor: UserActor }): Promise<OwnSession[]> {
  const rows = await ctx.db
    .select()
    .from(userSessions)
    .where(and(eq(userSessions.userId, ctx.actor.id), isNull(userSessions.endedAt), gt(userSessions.expiresAt, sql`now()`)))
    .orderBy(desc(userSessions.createdAt));
  return rows.map((s) => ({ id: s.id, current: s.id === ctx.actor.sessionId, address: s.address, userAgent: s.userAgent, createdAt: s.createdAt, expiresAt: s.expiresAt }));
}
