import { eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { Role } from "@/lib/auth/roles";
import type { ServiceContext, UserActor } from "@/lib/services/context";
import { hashPassword } from "@/lib/auth/password";

/** Inserts a user directly and returns a context acting as them. */
export async function actingAs(db: Database, role: Role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@test.local`, password = "a-test-password"): Promise<ServiceContext & { actor: UserActor }> {
  const [user] = await db
    .insert(users)
    .values({ email, name: `Test ${role}`, role, passwordHash: await hashPassword(password) })
    .returning();
  return { db, actor: { type: "user", id: user!.id, email: user!.email, name: user!.name, role } };
}

export async function userByEmail(db: Database, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  return user;
}
