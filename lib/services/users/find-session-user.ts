import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { users, userSessions } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { UserActor } from "../context";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The person behind a session cookie, or null. The cookie names a user and a session; both are
 * read fresh on every request: the session must not have ended (signed out, password changed,
 * role changed, deactivated) or expired, and the user must be active. So every one of those
 * takes effect at the next request, and a cookie without a session id (made before sessions were
 * recorded) is refused.
 */
export async function findSessionUser(db: Database, token: { userId: string | undefined; sessionId: string | undefined }): Promise<UserActor | null> {
  if (!token.userId || !token.sessionId || !UUID.test(token.userId) || !UUID.test(token.sessionId)) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(
      and(
        eq(userSessions.id, token.sessionId),
        eq(userSessions.userId, token.userId),
        isNull(userSessions.endedAt),
        gt(userSessions.expiresAt, sql`now()`),
        eq(users.active, true),
      ),
    );
  return user ? { type: "user", ...user, sessionId: token.sessionId } : null;
}
