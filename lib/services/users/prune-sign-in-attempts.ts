import { lt } from "drizzle-orm";
import { signInAttempts } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";

/** Attempts only matter inside the rate-limit window; a day is kept for anyone investigating. */
export async function pruneSignInAttempts(db: Database, olderThan: Date): Promise<number> {
  const deleted = await db.delete(signInAttempts).where(lt(signInAttempts.at, olderThan)).returning({ id: signInAttempts.id });
  return deleted.length;
}
