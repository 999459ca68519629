import "server-only";
import { and, eq } from "drizzle-orm";
import { users, type User } from "@/lib/db/schema";
import type { Transaction } from "@/lib/db/connect";
import { ServiceError } from "../errors";

/** Locks the target row and reports whether it is the only active admin left. */
export async function lockUserForChange(tx: Transaction, userId: string): Promise<{ user: User; isLastAdmin: boolean }> {
  // Lock every active admin row too, so two admins demoting each other at once cannot both win.
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)))
    .for("update");
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw new ServiceError("not_found", "That user does not exist.");
  const isLastAdmin = user.role === "admin" && user.active && admins.filter((a) => a.id !== user.id).length === 0;
  return { user, isLastAdmin };
}

