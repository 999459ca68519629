import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { refreshRollups } from "@/lib/services/metrics";

/**
 * Catches up every hour marked dirty since the last run; claims are SKIP LOCKED, so workers on
 * several machines share the backlog instead of repeating it.
 */
export async function refreshRollupsWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work(QUEUES.refreshRollups, async () => ({ buckets: await refreshRollups(db) }));
}
