import { eq } from "drizzle-orm";
import { models, samplingPolicies } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { writeAudit } from "@/lib/services/audit";

const DEMO_ACTOR = { type: "system", label: "demo seed" } as const;

/**
 * The demo's sampling policies: the spam filter sends 5% of its predictions to the labelling
 * queue, stratified by predicted class (spam and ham at 5% each), without showing annotators
 * the model's answer. Call it after seedDemo (which creates the models) and BEFORE
 * seedDemoHistory: sampling is decided at ingest, so the history is sampled under this policy
 * (about 2,250 spam-filter items over 30 days of 1,500 predictions a day). Models without a
 * policy, like delivery-time, sample at the default 5%. A policy that exists is left alone (an
 * admin may have changed it), so this is safe at every start.
 */
export async function seedDemoLabelling(db: Database): Promise<{ created: string[] }> {
  const created: string[] = [];
  const [spam] = await db.select({ id: models.id }).from(models).where(eq(models.slug, "spam-filter"));
  if (!spam) return { created };
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(samplingPolicies)
      .values({ modelId: spam.id, rate: 0.05, stratifyBy: "predicted_class", stratumRates: { spam: 0.05, ham: 0.05 }, dailyCap: null, showPrediction: false, leaseMinutes: 10 })
      .onConflictDoNothing()
      .returning({ modelId: samplingPolicies.modelId });
    if (!row) return;
    created.push("spam-filter");
    await writeAudit(tx, DEMO_ACTOR, {
      action: "labelling.policy_changed",
      targetType: "model",
      targetId: spam.id,
      modelId: spam.id,
      details: { from: "defaults", to: { rate: 0.05, stratifyBy: "predicted_class", stratumRates: { spam: 0.05, ham: 0.05 }, dailyCap: null, showPrediction: false, leaseMinutes: 10 } },
    });
  });
  return { created };
}
