import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { trainingExamples } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import { contentKey, isHeldOut } from "@/lib/training/split";
import type { LabelledExample } from "@/lib/training/logistic";
import type { Example } from "@/lib/training/features";

/** A labelled example both trainers read: its class, and whether that is the positive class. */
export type TrainingExample = LabelledExample & { label: string };

export type TrainingData = { train: TrainingExample[]; heldOut: TrainingExample[]; from: Date; to: Date; fromPredictions: number; fromExamples: number };

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

  const byContent = new Map<string, { example: Example; votes: Map<string, number> }>();
  for (const row of [...examples, ...labelled]) {
    if (!row.label) continue;
    const example = { text: row.text, features: row.features ?? {} };
    const key = contentKey(example);
    const seen = byContent.get(key) ?? { example, votes: new Map<string, number>() };
    seen.votes.set(row.label, (seen.votes.get(row.label) ?? 0) + 1);
    byContent.set(key, seen);
  }
  const train: TrainingExample[] = [];
  const heldOut: TrainingExample[] = [];
  for (const [key, { example, votes }] of byContent) {
    // The majority label; a tie goes to the label seen first (Map keeps insertion order).
    let label = "";
    let most = 0;
    for (const [candidate, n] of votes) if (n > most) [label, most] = [candidate, n];
    (isHeldOut(key) ? heldOut : train).push({ ...example, label, positive: label === positive });
  }
  return { train, heldOut, from: window.from, to: window.to, fromPredictions: labelled.length, fromExamples: examples.length };
}

export const hasTrainingExamples = async (db: DbOrTx, modelId: string) =>
  (await db.$count(trainingExamples, and(eq(trainingExamples.modelId, modelId)))) > 0;
