import "server-only";
import { eq, sql } from "drizzle-orm";
import { models, type Model } from "@/lib/db/schema";
import { cdfOf, sketchDecileCuts } from "@/lib/stats/quantile-sketch";
import type { SegmentFeature } from "@/lib/metrics/segment-types";
import { SegmentFeaturesInput } from "@/lib/models/schemas";
import type { BucketDistributions } from "@/lib/metrics/rollup-types";
import { assertAllowed, type ServiceContext, type TxContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { loadDistributions, referenceWindow, rollupState, rollupsChanged, segmentRebuild } from "../metrics";
import { findModelBySlug } from "./find-model";
import type { SegmentRebuild } from "./segment-rebuild";

/** Numeric segment features are cut into five bins of the reference window: its quintiles. */
const NUMERIC_SEGMENT_BINS = 5;

/**
 * How each named feature is cut, from the reference window's distributions: categorical by value,
 * numeric at the reference's quintiles. A name the reference never saw cannot be cut: a 400.
 */
export function cutSegmentFeatures(names: readonly string[], reference: BucketDistributions | null, kept: readonly SegmentFeature[] = []): SegmentFeature[] {
  const unknown: string[] = [];
  const features = names.map((name): SegmentFeature => {
    const same = kept.find((f) => f.name === name);
    if (same) return same;
    const d = reference && Object.hasOwn(reference.features, name) ? reference.features[name] : undefined;
    if (!d) {
      unknown.push(name);
      return { name, type: "categorical" };
    }
    if (d.type === "categorical") return { name, type: "categorical" };
    return { name, type: "numeric", cuts: d.sketch.n ? sketchDecileCuts(cdfOf(d.sketch), NUMERIC_SEGMENT_BINS) : [] };
  });
  if (unknown.length) {
    const message = `${unknown.join(", ")}: not a feature of the reference window's predictions`;
    throw new ServiceError("invalid_input", `segmentFeatures: ${message}`, { segmentFeatures: [message] });
  }
  return features;
}

/**
 * Declares the features every figure is split by (at most 5). Features kept from before keep
 * their cuts; new ones are cut from the reference window. Every hour of the model is then marked
 * for the rollup job, which rebuilds its split rows in the background; a split reports how far
 * that rebuild has come (`segmentsRebuilding`), as does the answer here. Audited.
 */
export async function setSegmentFeatures(ctx: ServiceContext, rawInput: unknown): Promise<{ model: Model; rebuilding: SegmentRebuild | null }> {
  const { model, changed, rebuilding } = await ctx.db.transaction(async (tx) => {
    const declared = await declareSegmentFeatures({ db: tx, actor: ctx.actor }, rawInput);
    // Counted before the rebuild can start: the settings page shows the bar from its first hour.
    return { ...declared, rebuilding: await segmentRebuild(tx, declared.model) };
  });
  // The web process rebuilds the marked hours at once; the job every minute is the safety net.
  if (changed) rollupsChanged(ctx.db);
  return { model, rebuilding };
}

/**
 * The same inside a caller's transaction (`PATCH /api/v1/models/{model}` changes every section in
 * one); the caller nudges the refresher once it has committed, when `changed`.
 */
export async function declareSegmentFeatures(ctx: TxContext, rawInput: unknown): Promise<{ model: Model; changed: boolean }> {
  const rule = { user: "models.manage", key: "admin" } as const;
  // Who may, before whether the model exists: a key without `admin` learns nothing of the slugs.
  assertAllowed(ctx.actor, rule);
  const input = parseInput(SegmentFeaturesInput, rawInput);
  const before = await findModelBySlug(ctx.db, input.slug);
  assertAllowed(ctx.actor, rule, before);
  const state = await rollupState(ctx.db, before.id);
  const window = referenceWindow(before, state.firstBucket);
  const [reference] = window ? await loadDistributions(ctx.db, before.id, [window]) : [];
  const features = cutSegmentFeatures(input.segmentFeatures, reference?.d ?? null, before.segmentFeatures);
  const changed = JSON.stringify(features) !== JSON.stringify(before.segmentFeatures);
  const [row] = await ctx.db.update(models).set({ segmentFeatures: features, updatedAt: sql`now()` }).where(eq(models.id, before.id)).returning();
  if (changed) {
    await ctx.db.execute(sql`insert into rollup_dirty_buckets (model_id, bucket_start) select model_id, bucket_start from metric_rollups where model_id = ${before.id}::uuid order by 2`);
  }
  await writeAudit(ctx.db, ctx.actor, {
    action: "model.settings_changed",
    targetType: "model",
    targetId: before.id,
    modelId: before.id,
    details: { from: { segmentFeatures: before.segmentFeatures }, to: { segmentFeatures: features } },
  });
  return { model: row!, changed };
}
