import "server-only";
import { sql } from "drizzle-orm";
import { SKIP_REASONS, type SkipReason } from "@/lib/labelling/constants";
import type { SamplingPolicyView } from "@/lib/labelling/types";
import { assertPermission, type ServiceContext } from "../context";
import { findModelBySlug } from "../models";
import { loadPolicy, utcDayStart } from "./queue";
import { latestBackfill } from "./get-backfill";

/** A model's sampling policy and what its queue holds, for the sampling settings page. */
export async function getSamplingPolicy(ctx: ServiceContext, slug: string, now: Date = new Date()): Promise<SamplingPolicyView> {
  assertPermission(ctx.actor, "labelling.manage");
  const model = await findModelBySlug(ctx.db, slug);
  const { isDefault, ...policy } = await loadPolicy(ctx.db, model.id);
  const [strata, skips, [today], backfill] = await Promise.all([
    ctx.db.execute<{ stratum: string; items: number; labelled: number; review: number }>(sql`
      select stratum, count(*)::int as items, (count(*) filter (where status = 'labelled'))::int as labelled,
        (count(*) filter (where status = 'review'))::int as review
      from labelling_items where model_id = ${model.id}::uuid group by stratum order by stratum`),
    ctx.db.execute<{ reason: SkipReason; n: number }>(sql`
      select reason, count(*)::int as n from labelling_skips where model_id = ${model.id}::uuid group by reason`),
    ctx.db.execute<{ n: number }>(sql`
      select count(*)::int as n from labelling_items
      where model_id = ${model.id}::uuid and created_at >= ${utcDayStart(now).toISOString()}::timestamptz`),
    latestBackfill(ctx.db, model.id),
  ]);
  const total = strata.reduce((sum, s) => sum + s.items, 0);
  const labelled = strata.reduce((sum, s) => sum + s.labelled, 0);
  const review = strata.reduce((sum, s) => sum + s.review, 0);
  return {
    model: { slug: model.slug, name: model.name, task: model.task, classes: model.classes, positiveClass: model.positiveClass },
    policy,
    isDefault,
    backfill,
    queue: {
      open: total - labelled - review,
      labelled,
      review,
      createdToday: today?.n ?? 0,
      skips: Object.fromEntries(SKIP_REASONS.map((r) => [r, skips.find((s) => s.reason === r)?.n ?? 0])) as Record<SkipReason, number>,
      strata: strata.map((s) => ({ stratum: s.stratum, items: s.items, labelled: s.labelled })),
    },
  };
}
