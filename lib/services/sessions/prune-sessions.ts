import "server-only";
import { lt, or } from "drizzle-orm";
import { userSessions } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";

/** Ended and expired sessions are kept a while for anyone investigating, then removed. */
export async function pruneSessions(db: Database, olderThan: Date): Promise<number> {
  const removed = await db
    .delete(userSessions)
    .where(or(lt(userSessions.expiresAt, olderThan), lt(userSessions.endedAt, olderThan)))
    .returning({ id: userSessions.id });
  return removed.length;
}
