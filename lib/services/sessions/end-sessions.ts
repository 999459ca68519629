import "server-only";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { userSessions, type SessionEndReason } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ends one session (signing out). Ending an ended or unknown session changes nothing. */
export async function endSession(db: DbOrTx, sessionId: string | undefined, reason: SessionEndReason): Promise<boolean> {
  if (!sessionId || !SESSION_ID.test(sessionId)) return false;
  const ended = await db
    .update(userSessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return ended.length > 0;
}

/**
 * Ends every live session of a user, but `keep` (the session that asked, when a person changes
 * their own password or signs out elsewhere). Called in the transaction of the change that
 * demands it, so the change and the end of the sessions commit together.
 */
export async function endUserSessions(db: DbOrTx, userId: string, reason: SessionEndReason, keep?: string): Promise<number> {
  const ended = await db
    .update(userSessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), keep && SESSION_ID.test(keep) ? ne(userSessions.id, keep) : undefined))
    .returning({ id: userSessions.id });
  return ended.length;
}
