import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { runBackfills } from "@/lib/services/labelling";

/**
 * Chunks of past predictions sampled for labelling; each chunk commits with its cursor, and rows
 * are SKIP LOCKED, so a retry or a second worker picks up where the last chunk ended.
 */
export async function labellingBackfillsWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work(QUEUES.labellingBackfills, async () => ({ chunks: await runBackfills(db) }));
}
