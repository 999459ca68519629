import "server-only";
import { desc, eq } from "drizzle-orm";
import { labellingBackfills } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { BackfillView } from "@/lib/labelling/types";

type BackfillRow = typeof labellingBackfills.$inferSelect;

export function toBackfillView(row: BackfillRow): BackfillView {
  return {
    id: row.id,
    from: row.rangeFrom.toISOString(),
    to: row.rangeTo.toISOString(),
    status: row.status,
    total: row.total,
    processed: row.processed,
    sampled: row.sampled,
    error: row.error,
    startedAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The model's latest backfill, running or not, for its labelling page. */
export async function latestBackfill(db: DbOrTx, modelId: string): Promise<BackfillView | null> {
  const [row] = await db.select().from(labellingBackfills).where(eq(labellingBackfills.modelId, modelId)).orderBy(desc(labellingBackfills.createdAt)).limit(1);
  return row ? toBackfillView(row) : null;
}
