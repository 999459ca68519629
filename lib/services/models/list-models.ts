import { asc, count, max } from "drizzle-orm";
import { models, predictions, type Model } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";

export type ModelWithTraffic = Model & { predictionCount: number; lastPredictionAt: Date | null };

export async function listModels(ctx: ServiceContext): Promise<ModelWithTraffic[]> {
  assertPermission(ctx.actor, "models.view");
  const [rows, traffic] = await Promise.all([
    ctx.db.select().from(models).orderBy(asc(models.name)),
    // A scan of the predictions index; the metrics rollups replace it as volumes grow.
    ctx.db
      .select({ modelId: predictions.modelId, n: count(), last: max(predictions.predictedAt) })
      .from(predictions)
      .groupBy(predictions.modelId),
  ]);
  const byModel = new Map(traffic.map((t) => [t.modelId, t]));
  return rows.map((m) => ({ ...m, predictionCount: byModel.get(m.id)?.n ?? 0, lastPredictionAt: byModel.get(m.id)?.last ?? null }));
}
