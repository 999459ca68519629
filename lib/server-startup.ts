import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { runMigrations } from "@/lib/db/migrate";
import { startJobQueue } from "@/lib/workers";
import { stopJobQueue } from "@/lib/jobs/enqueue";
import { enableRollupRefreshAfterWrites } from "@/lib/services/metrics";

let started: Promise<PgBoss | null> | undefined;

/**
 * Runs once per server process (from instrumentation.ts): applies migrations, lets writes through
 * the API refresh rollups soon after, then starts the job queue: with an in-process worker, or,
 * with VIGIL_IN_PROCESS_WORKER=false, a handle that only sends jobs for `npm run worker` to run.
 */
export function startServerProcess(): Promise<PgBoss | null> {
  started ??= start();
  return started;
}

async function start(): Promise<PgBoss | null> {
  const config = env();
  if (!config.DATABASE_URL) {
    console.error("[vigil] DATABASE_URL is not set; start Vigil with `npm start`, which provides one.");
    return null;
  }
  await runMigrations(config.DATABASE_URL);
  enableRollupRefreshAfterWrites();

  const boss = await startJobQueue(config.DATABASE_URL, { workers: config.VIGIL_IN_PROCESS_WORKER, poolSize: 3 });
  const stop = () => stopJobQueue(boss);
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  // scripts/serve.ts awaits this before it exits, so the queue stops before the database does.
  (globalThis as { vigilStopJobQueue?: () => Promise<void> }).vigilStopJobQueue = stop;
  return boss;
}
