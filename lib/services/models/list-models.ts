import "server-only";
import { asc, sql } from "drizzle-orm";
import { models, type Model } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";

export type ModelWithTraffic = Model & { predictionCount: number; lastPredictionAt: Date | null };

export async function listModels(ctx: ServiceContext): Promise<ModelWithTraffic[]> {
  assertPermission(ctx.actor, "models.view");
  const [rows, traffic] = await Promise.all([
    ctx.db.select().from(models).orderBy(asc(models.name)),
    // Counts from the rollups; the last prediction from the (model, time) index, one row each.
    ctx.db.execute<{ model_id: string; n: number; last: string | null }>(sql`
      select m.id as model_id,
        coalesce((select sum(volume) from metric_rollups r where r.model_id = m.id), 0)::float8 as n,
        (select predicted_at from predictions p where p.model_id = m.id order by predicted_at desc limit 1) as last
      from models m
    `),
  ]);
  const byModel = new Map(traffic.map((t) => [t.model_id, t]));
  return rows.map((m) => {
    const t = byModel.get(m.id);
    return { ...m, predictionCount: Number(t?.n ?? 0), lastPredictionAt: t?.last ? new Date(t.last) : null };
  });
}
