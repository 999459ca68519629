import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/db/connect";

/** Removes the daily labelling counters of days before `before` (ingest reads only today's). */
export async function pruneLabellingDailyCounts(db: Database, before: Date): Promise<number> {
  const removed = await db.execute(sql`delete from labelling_daily_counts where day < (${before.toISOString()}::timestamptz at time zone 'UTC')::date`);
  return removed.count ?? 0;
}
