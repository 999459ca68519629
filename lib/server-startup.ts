import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { runMigrations } from "@/lib/db/migrate";
import { createDatabase } from "@/lib/db/connect";
import { createBoss, registerSchedules, registerWorkers } from "@/lib/jobs/boss";
import { enableRollupRefreshAfterWrites } from "@/lib/services/metrics/rollup-refresher";
import { setJobQueue } from "@/lib/jobs/queue";

const globalForStartup = globalThis as unknown as { vigilBoss?: Promise<PgBoss | null> };

/**
 * Runs once per server process (from instrumentation.ts): applies migrations, lets writes through
 * the API refresh rollups soon after, then starts the job queue with an in-process worker unless
 * VIGIL_IN_PROCESS_WORKER=false.
 */
export function startServerProcess(): Promise<PgBoss | null> {
  globalForStartup.vigilBoss ??= start();
  return globalForStartup.vigilBoss;
}

async function start(): Promise<PgBoss | null> {
  const config = env();
  if (!config.DATABASE_URL) {
    console.error("[vigil] DATABASE_URL is not set; start Vigil with `npm start`, which provides one.");
    return null;
  }
  await runMigrations(config.DATABASE_URL);
  enableRollupRefreshAfterWrites();
  if (!config.VIGIL_IN_PROCESS_WORKER) return null;

  const boss = createBoss(config.DATABASE_URL);
  await boss.start();
  await registerSchedules(boss);
  await registerWorkers(boss, createDatabase(config.DATABASE_URL, { max: 3 }));
  // Services send jobs (retrains, webhook deploys) through this process's queue.
  setJobQueue(boss);

  const stop = () => void boss.stop({ graceful: true, timeout: 5000 }).catch(() => {});
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return boss;
}
