import "server-only";
import { sql } from "drizzle-orm";
import { ModelRef } from "@/lib/labelling/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { claimantOf, findModelForLabelling, notLabelledBy, utcDayStart } from "./queue";

import type { LabellingProgress } from "@/lib/labelling/types";
import { PLAN_WINDOW_DAYS } from "@/lib/labelling/planning";

/**
 * For the labelling page: the labels the person gave today (UTC, on every model, undone ones not
 * counted), the items of the model still waiting for them (open, not skipped by them), and the
 * model's settled labels on the planning window's predictions, for the planning aid.
 */
export async function getLabellingProgress(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<LabellingProgress> {
  assertPermission(ctx.actor, "labels.write");
  const input = parseInput(ModelRef, rawInput);
  const model = await findModelForLabelling(ctx, input.model);
  const claimant = claimantOf(ctx.actor);
  const windowStart = new Date(now.getTime() - PLAN_WINDOW_DAYS * 86_400_000);
  const [row] = await ctx.db.execute<{ labelled_today: number; remaining: number; window_labels: number }>(sql`
    select
      (select count(*)::int from labels l
       where l.user_id = ${claimant.id}::uuid and l.created_at >= ${utcDayStart(now).toISOString()}::timestamptz and l.undone_at is null) as labelled_today,
      (select count(*)::int from labelling_items i
       where i.model_id = ${model.id}::uuid and i.status = 'open'
         and not exists (select 1 from labelling_skips s where s.item_id = i.id and s.user_id = ${claimant.id}::uuid)
         and ${notLabelledBy(claimant)}) as remaining,
      (select count(*)::int from labelling_items i
       where i.model_id = ${model.id}::uuid and i.status = 'labelled' and i.gold_label is null
         and i.predicted_at >= ${windowStart.toISOString()}::timestamptz) as window_labels`);
  return { labelledToday: row?.labelled_today ?? 0, remaining: row?.remaining ?? 0, windowLabels: row?.window_labels ?? 0 };
}
