import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { metricRollups, models, predictions } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { aggregateBucket } from "@/lib/metrics/aggregate-bucket";

const HOUR_MS = 3600_000;

/**
 * Recomputes the rollups of hours marked dirty by ingest or late ground truth, whole, from the
 * hour's predictions. Each claim of buckets and their new rollups commit together: a worker that
 * dies half-way leaves the buckets dirty for the next run, and two runs never take the same hour.
 * Returns how many buckets were recomputed.
 */
export async function refreshRollups(db: Database, options: { modelId?: string; maxBuckets?: number; batch?: number } = {}): Promise<number> {
  const maxBuckets = options.maxBuckets ?? 10_000;
  const batch = options.batch ?? 24;
  let done = 0;
  while (done < maxBuckets) {
    const n = await db.transaction(async (tx) => {
      const claimed = await tx.execute<{ model_id: string; bucket_start: Date | string }>(sql`
        delete from rollup_dirty_buckets d
        using (
          select model_id, bucket_start from rollup_dirty_buckets
          ${options.modelId ? sql`where model_id = ${options.modelId}::uuid` : sql``}
          order by bucket_start
          limit ${Math.min(batch, maxBuckets - done)}
          for update skip locked
        ) picked
        where d.model_id = picked.model_id and d.bucket_start = picked.bucket_start
        returning d.model_id, d.bucket_start
      `);
      if (claimed.length === 0) return 0;

      const modelIds = [...new Set(claimed.map((c) => c.model_id))];
      const shapes = new Map(
        (await tx.select({ id: models.id, task: models.task, positiveClass: models.positiveClass }).from(models).where(inArray(models.id, modelIds))).map((m) => [m.id, m]),
      );
      for (const { model_id: modelId, bucket_start } of claimed) {
        const model = shapes.get(modelId);
        if (!model) continue;
        const start = new Date(bucket_start);
        const rows = await tx
          .select({
            score: predictions.score,
            label: predictions.label,
            value: predictions.value,
            actualLabel: predictions.actualLabel,
            actualValue: predictions.actualValue,
            features: predictions.features,
          })
          .from(predictions)
          .where(and(eq(predictions.modelId, modelId), gte(predictions.predictedAt, start), lt(predictions.predictedAt, new Date(start.getTime() + HOUR_MS))));
        if (rows.length === 0) {
          await tx.delete(metricRollups).where(and(eq(metricRollups.modelId, modelId), eq(metricRollups.bucketStart, start)));
          continue;
        }
        const rollup = aggregateBucket(model, rows);
        await tx
          .insert(metricRollups)
          .values({ modelId, bucketStart: start, ...rollup })
          .onConflictDoUpdate({ target: [metricRollups.modelId, metricRollups.bucketStart], set: { ...rollup, computedAt: sql`now()` } });
      }
      return claimed.length;
    });
    if (n === 0) break;
    done += n;
  }
  return done;
}
