import "server-only";
import { eq, sql } from "drizzle-orm";
import { labellingDailyCounts, samplingPolicies } from "@/lib/db/schema";
import { SetSamplingPolicyInput } from "@/lib/labelling/schemas";
import { strataFor } from "@/lib/labelling/sampling";
import type { SamplingPolicySettings } from "@/lib/labelling/constants";
import { assertAllowed, type TxContext } from "../context";
import { ServiceError, type FieldErrors } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { findModelBySlug } from "../models";
import { loadPolicy } from "./queue";

/**
 * Sets a model's sampling policy, with an audit row. Ingest decides at arrival, so the new policy
 * applies to predictions that arrive from now on; items already queued keep the rate that
 * sampled them. Setting a daily cap counts the items created so far today into the day's counter,
 * which ingest then advances.
 */
export async function setSamplingPolicy(ctx: TxContext, rawInput: unknown): Promise<SamplingPolicySettings> {
  const rule = { user: "labelling.manage", key: "admin" } as const;
  assertAllowed(ctx.actor, rule);
  const input = parseInput(SetSamplingPolicyInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const model = await findModelBySlug(tx, input.slug);
    assertAllowed(ctx.actor, rule, model);
    const fieldErrors: FieldErrors = {};
    if (input.stratifyBy === "predicted_class" && model.task === "regression") {
      fieldErrors.stratifyBy = ["A regression model has no classes: choose no strata"];
    }
    if (input.stratifyBy === "score_band" && model.task !== "binary") {
      fieldErrors.stratifyBy = ["Score bands are for binary models, whose score is the probability of the positive class"];
    }
    if (input.overlapShare > 0 && model.task === "regression") {
      fieldErrors.overlapShare = ["Agreement (Cohen's kappa) is for classes: a regression model takes no overlap"];
    }
    const strata = strataFor(input.stratifyBy, model);
    for (const stratum of Object.keys(input.stratumRates)) {
      if (!strata.includes(stratum)) fieldErrors[`stratumRates.${stratum}`] = [`${stratum} is not a stratum of this model under this choice`];
    }
    const first = Object.entries(fieldErrors)[0];
    if (first) throw new ServiceError("invalid_input", `${first[0]}: ${first[1][0]}`, fieldErrors);

    const { isDefault, ...before } = await loadPolicy(tx, model.id);
    const after: SamplingPolicySettings = {
      rate: input.rate,
      stratifyBy: input.stratifyBy,
      stratumRates: input.stratifyBy === "none" ? {} : input.stratumRates,
      dailyCap: input.dailyCap,
      showPrediction: input.showPrediction,
      leaseMinutes: input.leaseMinutes,
      overlapShare: input.overlapShare,
    };
    const updatedBy = ctx.actor.type === "user" ? ctx.actor.id : null;
    await tx
      .insert(samplingPolicies)
      .values({ modelId: model.id, ...after, updatedBy })
      .onConflictDoUpdate({ target: samplingPolicies.modelId, set: { ...after, updatedBy, updatedAt: sql`now()` } });
    if (after.dailyCap === null) {
      await tx.delete(labellingDailyCounts).where(eq(labellingDailyCounts.modelId, model.id));
    } else {
      // Ingest keeps the day's count while a cap is set; from now on, starting with the live
      // samples the day already has (BRIN on created_at: today's rows are the last pages). The cap
      // is on live traffic: a gold item (known answer) or a backfilled one is not. Ingest creates
      // an item in the statement that stores its prediction, so a live item's created_at is its
      // prediction's received_at (one now()); a backfill or gold item comes in a later one.
      const today = sql`(now() at time zone 'UTC')::date`;
      const [counted] = await tx.execute<{ n: number }>(sql`
        select count(*)::int as n from labelling_items i join predictions p on p.id = i.id
        where i.model_id = ${model.id}::uuid and i.created_at >= date_trunc('day', now(), 'UTC')
          and i.gold_label is null and i.created_at = p.received_at`);
      const n = counted?.n ?? 0;
      await tx
        .insert(labellingDailyCounts)
        .values({ modelId: model.id, day: today, items: n, cap: after.dailyCap })
        .onConflictDoUpdate({ target: [labellingDailyCounts.modelId, labellingDailyCounts.day], set: { items: n, cap: after.dailyCap } });
    }
    await writeAudit(tx, ctx.actor, {
      action: "labelling.policy_changed",
      targetType: "model",
      targetId: model.id,
      modelId: model.id,
      details: { from: isDefault ? "defaults" : before, to: after },
    });
    return after;
  });
}
