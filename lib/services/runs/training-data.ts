import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { trainingExamples } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import { contentKey, isHeldOut } from "@/lib/training/split";
import type { LabelledExample } from "@/lib/training/logistic";

export type TrainingData = { train: LabelledExample[]; heldOut: LabelledExample[]; from: Date; to: Date; fromPredictions: number; fromExamples: number };

/**
 * What a built-in model learns from: the model's training examples (the demo's corpus) and its
 * predictions in the window that carry a label, a person's label first, else ground truth. The
 * same content seen twice counts once (by majority); the held-out split is by content, so it is
 * the same for every version scored on it.
 */
export async function loadTrainingData(db: DbOrTx, model: Model, window: { from: Date; to: Date }): Promise<TrainingData> {
  const positive = model.positiveClass;
  const examples = await db
    .select({ text: trainingExamples.text, features: trainingExamples.features, label: trainingExamples.label })
    .from(trainingExamples)
    .where(eq(trainingExamples.modelId, model.id));
  const labelled = await db.execute<{ text: string; features: Record<string, unknown>; label: string }>(sql`
    select coalesce(t.text, '') as text, p.features, coalesce(li.label, p.actual_label) as label
    from predictions p
    left join labelling_items li on li.id = p.id and li.status = 'labelled' and li.label is not null
    left join prediction_texts t on t.model_id = p.model_id and t.external_id = p.external_id
    where p.model_id = ${model.id} and p.predicted_at >= ${window.from.toISOString()}::timestamptz
      and p.predicted_at < ${window.to.toISOString()}::timestamptz
      and coalesce(li.label, p.actual_label) is not null
  `);

  const byContent = new Map<string, { example: LabelledExample; votes: number }>();
  for (const row of [...examples, ...labelled]) {
    if (!row.label) continue;
    const example = { text: row.text, features: row.features ?? {}, positive: row.label === positive };
    const key = contentKey(example);
    const seen = byContent.get(key);
    if (!seen) byContent.set(key, { example, votes: example.positive ? 1 : -1 });
    else seen.votes += example.positive ? 1 : -1;
  }
  const train: LabelledExample[] = [];
  const heldOut: LabelledExample[] = [];
  for (const [key, { example, votes }] of byContent) {
    const decided = { ...example, positive: votes > 0 || (votes === 0 && example.positive) };
    (isHeldOut(key) ? heldOut : train).push(decided);
  }
  return { train, heldOut, from: window.from, to: window.to, fromPredictions: labelled.length, fromExamples: examples.length };
}

export const hasTrainingExamples = async (db: DbOrTx, modelId: string) =>
  (await db.$count(trainingExamples, and(eq(trainingExamples.modelId, modelId)))) > 0;
