import { and, eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { UserActor } from "../context";

/**
 * Sessions carry only the user id; the role and the active flag are read fresh on every request,
 * so a role change or a deactivation takes effect at once.
 */
export async function findSessionUser(db: Database, userId: string): Promise<UserActor | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  return user ? { type: "user", ...user } : null;
}
