import { and, eq } from "drizzle-orm";
import { modelPipelines, models, modelVersions, trainingExamples } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { writeAudit } from "@/lib/services/audit";
import { trainAndDeploy } from "./first-version";

const DEMO_ACTOR = { type: "system", label: "demo seed" } as const;

export type SeedExample = { externalId: string; text: string; features: Record<string, unknown>; label: string };

/**
 * Makes a demo model a built-in one: its pipeline (built-in trainer, deploy by one approver,
 * 30 days of data), `examples` as its training examples (read only when needed), and v1 trained
 * on them by the real trainer and put in production. Its data window ends 31 days before `now`,
 * before the history's first prediction. Does nothing once the model has a production version,
 * so it is safe at every start. Answers the version trained, if one was.
 */
export async function seedBuiltInModel(db: Database, slug: string, examples: () => SeedExample[], options: { now?: Date } = {}): Promise<{ trained: string | null }> {
  const [model] = await db.select().from(models).where(eq(models.slug, slug));
  if (!model) return { trained: null };
  const [production] = await db.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.status, "production")));
  if (production) return { trained: null };

  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(modelPipelines)
      .values({ modelId: model.id, trainer: "built-in", deployTarget: "built-in", deployPolicy: "approval", approvalsRequired: 1, autoMargin: 0.02, autoMinN: 200, dataWindowDays: 30 })
      .onConflictDoNothing()
      .returning();
    if (created) await writeAudit(tx, DEMO_ACTOR, { action: "pipeline.updated", targetType: "model", targetId: model.id, modelId: model.id, details: { trainer: "built-in", deployPolicy: "approval", approvalsRequired: 1 } });
  });
  const rows = examples();
  for (let i = 0; i < rows.length; i += 1_000) {
    await db
      .insert(trainingExamples)
      .values(rows.slice(i, i + 1_000).map((e) => ({ modelId: model.id, ...e, source: "SpamAssassin public corpus" })))
      .onConflictDoNothing();
  }
  return { trained: await trainAndDeploy(db, slug, { label: "demo seed", now: new Date((options.now ?? new Date()).getTime() - 31 * 86_400_000) }) };
}
