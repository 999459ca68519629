import { createDatabase } from "@/lib/db/connect";
import { runMigrations } from "@/lib/db/migrate";
import { systemContext, type ServiceContext } from "@/lib/services/context";
import { ServiceError } from "@/lib/services/errors";
import { withDatabaseUrl } from "./database";

/**
 * Runs one service call for a CLI, as the system actor named `label`, on a migrated database; a
 * refusal (ServiceError) prints its message and exits 1, anything else is a crash. Exits when done.
 */
export async function runServiceCli(label: string, run: (ctx: ServiceContext) => Promise<void>): Promise<never> {
  const exitCode = await withDatabaseUrl(async (url) => {
    await runMigrations(url);
    const db = createDatabase(url, { max: 2 });
    try {
      await run(systemContext(db, label));
      return 0;
    } catch (error) {
      if (error instanceof ServiceError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    } finally {
      await db.$client.end();
    }
  });
  process.exit(exitCode);
}
