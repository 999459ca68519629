import "server-only";
import { createDatabase, type Database } from "./connect";
import { env } from "@/lib/env";

export type { Database, Transaction, DbOrTx } from "./connect";

const globalForDb = globalThis as unknown as { vigilDb?: Database };

/** The process-wide database handle; one pool per process, kept across dev-server reloads. */
export function getDb(): Database {
  if (!globalForDb.vigilDb) {
    const url = env().DATABASE_URL;
    if (!url) {
      throw new Error("DATABASE_URL is not set: start Vigil with `npm start`, which provides one, or set it yourself.");
    }
    globalForDb.vigilDb = createDatabase(url);
  }
  return globalForDb.vigilDb;
}
