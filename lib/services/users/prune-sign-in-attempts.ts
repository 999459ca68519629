import "server-only";
import { and, eq, lt, or, isNull, ne } from "drizzle-orm";
import { signInAttempts } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { KNOWN_ADDRESS_DAYS } from "./check-password";

/**
 * Failures only matter inside the rate-limit window; a day is kept for anyone investigating.
 * Successes are kept KNOWN_ADDRESS_DAYS: they make an address familiar to its account.
 */
export async function pruneSignInAttempts(db: Database, failuresOlderThan: Date): Promise<number> {
  const successesOlderThan = new Date(failuresOlderThan.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000);
  const deleted = await db
    .delete(signInAttempts)
    .where(
      or(
        and(lt(signInAttempts.at, failuresOlderThan), or(isNull(signInAttempts.succeeded), ne(signInAttempts.succeeded, true))),
        and(lt(signInAttempts.at, successesOlderThan), eq(signInAttempts.succeeded, true)),
      ),
    )
    .returning({ id: signInAttempts.id });
  return deleted.length;
}
