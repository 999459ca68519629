import { and, eq } from "drizzle-orm";
import { modelPipelines, models, modelVersions, trainingExamples } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { writeAudit } from "@/lib/services/audit";
import { EARLY_GROUPS, loadSpamCorpus } from "@/lib/simulation/spam-corpus";
import { trainFirstVersion } from "./first-version";

const DEMO_ACTOR = { type: "system", label: "demo seed" } as const;

/**
 * Makes the demo's spam filter a built-in model: its pipeline (built-in trainer, deploy by one
 * approver, retrain weekly), the earlier SpamAssassin groups as its training examples, and v1
 * trained on them by the real trainer and put in production. Call it after seedDemo and before
 * seedDemoHistory (the history is served by v1). Does nothing once the model has a production
 * version, so it is safe at every start.
 */
export async function seedSpamModel(db: Database, options: { now?: Date } = {}): Promise<{ trained: string | null }> {
  const [spam] = await db.select().from(models).where(eq(models.slug, "spam-filter"));
  if (!spam) return { trained: null };
  const [production] = await db.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.modelId, spam.id), eq(modelVersions.status, "production")));
  if (production) return { trained: null };

  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(modelPipelines)
      .values({ modelId: spam.id, trainer: "built-in", deployTarget: "built-in", deployPolicy: "approval", approvalsRequired: 1, autoMargin: 0.02, autoMinN: 200, dataWindowDays: 30 })
      .onConflictDoNothing()
      .returning();
    if (created) await writeAudit(tx, DEMO_ACTOR, { action: "pipeline.updated", targetType: "model", targetId: spam.id, modelId: spam.id, details: { trainer: "built-in", deployPolicy: "approval", approvalsRequired: 1 } });
  });
  const early = loadSpamCorpus().filter((m) => EARLY_GROUPS.includes(m.group));
  for (let i = 0; i < early.length; i += 1_000) {
    await db
      .insert(trainingExamples)
      .values(early.slice(i, i + 1_000).map((m) => ({ modelId: spam.id, externalId: m.id, text: m.text, features: m.features, label: m.spam ? "spam" : "ham", source: "SpamAssassin public corpus" })))
      .onConflictDoNothing();
  }

  // v1: the earlier corpus only; its data window ends before the history's first prediction.
  return { trained: await trainFirstVersion(db, "spam-filter", { label: "demo seed", now: new Date((options.now ?? new Date()).getTime() - 31 * 86_400_000) }) };
}
