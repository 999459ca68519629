import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import { SlicesQuery } from "@/lib/metrics/schemas";
import { rankSlices, SLICE_MIN_N, type ModelSlices, type SliceCounts } from "@/lib/metrics/slices";
import { featureSegment } from "@/lib/metrics/segment-types";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { referenceWindow, rollupState } from "./get-model-metrics";

/**
 * Where accuracy fell: every value of every declared segment feature in the range against the
 * rest of the range, with its reference-window accuracy, from the segment rollups only.
 */
export async function getModelSlices(ctx: ServiceContext, slug: string, rawQuery: unknown): Promise<ModelSlices> {
  const query = parseInput(SlicesQuery, rawQuery);
  const model = await findModelBySlug(ctx.db, slug);
  assertAllowed(ctx.actor, { user: "models.view", key: "read" }, model);
  if (model.task === "regression") throw new ServiceError("invalid_input", "Slices compare accuracy: a regression model has none.");
  const reference = referenceWindow(model, (await rollupState(ctx.db, model.id)).firstBucket);
  const [current, referenceCounts] = await Promise.all([
    loadSliceCounts(ctx.db, model, query.from, query.to),
    reference ? loadSliceCounts(ctx.db, model, reference.from, reference.to) : [],
  ]);
  const minN = query.minN ?? SLICE_MIN_N;
  return {
    model: model.slug,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    basis: query.basis,
    reference: reference ? { from: reference.from.toISOString(), to: reference.to.toISOString() } : null,
    minN,
    ...rankSlices(current, referenceCounts, minN),
  };
}

/** Each declared segment value's counts over the hours starting in [from, to) (slice monitors read them too). */
export async function loadSliceCounts(db: DbOrTx, model: Pick<Model, "id" | "segmentFeatures">, from: Date, to: Date): Promise<SliceCounts[]> {
  const segments = model.segmentFeatures.map((f) => featureSegment(f.name));
  if (!segments.length) return [];
  const rows = await db.execute<{ segment: string; value: string; volume: number; tested: number; correct: number }>(sql`
    select segment, value, sum(volume)::float8 as volume, sum(truth_count)::float8 as tested, sum(truth_correct)::float8 as correct
    from metric_rollup_segments
    where model_id = ${model.id}::uuid and segment in (${sql.join(segments.map((s) => sql`${s}`), sql`, `)})
      and bucket_start >= ${from.toISOString()}::timestamptz and bucket_start < ${to.toISOString()}::timestamptz
    group by 1, 2`);
  return rows.map((r) => ({ feature: r.segment.slice("feature:".length), value: r.value, volume: Number(r.volume), tested: Number(r.tested), correct: Number(r.correct) }));
}
