import "server-only";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/lib/db/connect";
import { isRetryableConflict, postgresErrorCode } from "./postgres-errors";

export type RetryOptions = {
  /** Tries in all, the first included. */
  attempts?: number;
  /** The first retry waits up to this long, each later one up to twice the one before. */
  baseDelayMs?: number;
};

const DEFAULTS = { attempts: 5, baseDelayMs: 20 };

/**
 * Runs `work` (one statement, or `db.transaction(...)`), and runs it again when PostgreSQL
 * aborts it for a deadlock (40P01) or a serialization failure (40001): both roll the work back
 * whole, and the next try usually goes through. Writers take rows in one order, so these are
 * rare; a client should not hear of one. The waits are jittered (a random share of a doubling
 * step) so that two writers that collided do not collide again. After the last try the error
 * goes on as it came.
 *
 * Inside a caller's transaction the failure has aborted that whole transaction, which only its
 * owner can retry, so `work` then runs once.
 */
export async function retryOnConflict<T>(db: DbOrTx, work: (db: DbOrTx) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts, baseDelayMs } = { ...DEFAULTS, ...options };
  if (db instanceof PgTransaction) return work(db);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(db);
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      const delay = Math.random() * baseDelayMs * 2 ** (attempt - 1);
      console.warn(`[vigil] PostgreSQL aborted a write (${postgresErrorCode(error)}); trying again in ${Math.round(delay)} ms (try ${attempt + 1} of ${attempts})`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
