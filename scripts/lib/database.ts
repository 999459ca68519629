import path from "node:path";
import { env } from "@/lib/env";
import { openDataFolderDatabase } from "@/lib/db/data-folder-database";

/**
 * For command-line tools: DATABASE_URL when set; otherwise the embedded server running on the
 * data folder (found through its postmaster.pid, whatever its port), which the tool never stops;
 * otherwise, unless `startIfStopped` is false, that server started just for this command and
 * stopped after it (if `npm start` has not taken it over meanwhile).
 */
export async function withDatabaseUrl<T>(run: (url: string) => Promise<T>, options: { startIfStopped?: boolean } = {}): Promise<T> {
  const config = env();
  if (config.DATABASE_URL) return run(config.DATABASE_URL);

  const database = await openDataFolderDatabase({
    dataDir: config.VIGIL_DATA_DIR,
    user: { command: path.basename(process.argv[1] ?? "a command-line tool", ".ts"), role: "tool" },
    port: config.VIGIL_EMBEDDED_PG_PORT,
    startIfStopped: options.startIfStopped,
  });
  try {
    return await run(database.url);
  } finally {
    await database.release();
  }
}
