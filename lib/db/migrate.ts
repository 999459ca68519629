import "server-only";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { sealStoredSecrets } from "@/lib/secrets/stored-secrets";
import { createDatabase } from "./connect";

// Any fixed number: it names the lock that keeps two starting copies from migrating at once.
const MIGRATION_LOCK_ID = 7_316_021;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

/**
 * Applies the committed migrations in drizzle/, once, even when several processes start together,
 * then seals any secret an older version stored in clear (a data migration drizzle cannot express:
 * it needs the key).
 */
export async function runMigrations(url: string): Promise<void> {
  const db = createDatabase(url, { max: 1 });
  try {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    try {
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      await sealStoredSecrets(db);
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
    }
  } finally {
    await db.$client.end();
  }
}
