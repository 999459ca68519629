import "server-only";
import { userSessions } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";

/** Sessions last this long from sign-in, whatever happens in between (the cookie lasts as long). */
export const SESSION_HOURS = 12;

/** Records a new signed-in session; its id goes into the cookie. */
export async function startSession(
  db: Database,
  input: { userId: string; address: string | null; userAgent: string | null },
  now = new Date(),
): Promise<{ id: string; expiresAt: Date }> {
  const [session] = await db
    .insert(userSessions)
    .values({
      userId: input.userId,
      address: input.address,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000),
    })
    .returning({ id: userSessions.id, expiresAt: userSessions.expiresAt });
  return session!;
}
