import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { models, modelVersions, retrainRuns, runLogs } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { trainLogistic, type EpochReport } from "@/lib/training/logistic";
import { trainSoftmax } from "@/lib/training/softmax";
import type { Actor } from "../context";
import { getPipeline } from "../registry";
import { loadTrainingData } from "./training-data";
import { compareOnHeldOut, scoreArtifact } from "./compare-versions";
import { failRun, finishRunWithVersion } from "./finish-run";

export const DEFAULT_EPOCHS = 8;
const TRAINER: Actor = { type: "system", label: "built-in trainer" };
const DAY_MS = 86_400_000;

export class RunStopped extends Error {}

/**
 * The retrain job for built-in models. Idempotent by run id: it claims the run only while it is
 * queued or running (a retry after a killed worker starts the training again from scratch), stores
 * progress after every epoch, stops when the run is cancelled or the signal aborts, and registers
 * the version and finishes the run in one transaction (finishRunWithVersion), so a crash at any
 * point leaves either nothing or everything.
 */
export async function runBuiltInTraining(db: Database, runId: string, options: { signal?: AbortSignal; epochs?: number; now?: Date } = {}) {
  const [run] = await db
    .update(retrainRuns)
    .set({ status: "running", startedAt: sql`coalesce(${retrainRuns.startedAt}, now())`, attempts: sql`${retrainRuns.attempts} + 1`, progress: 0, message: "Loading training data" })
    .where(and(eq(retrainRuns.id, runId), sql`${retrainRuns.status} in ('queued', 'running')`))
    .returning();
  if (!run) return { outcome: "skipped" as const };
  const log = (message: string, level: "info" | "error" = "info") => db.insert(runLogs).values({ runId, message, level });
  if (run.attempts > 1) await log(`Attempt ${run.attempts}: the previous attempt stopped before finishing; training again from the start.`);

  try {
    const [model] = await db.select().from(models).where(eq(models.id, run.modelId));
    const pipeline = await getPipeline(db, run.modelId);
    const to = options.now ?? new Date();
    const from = new Date(to.getTime() - pipeline.dataWindowDays * DAY_MS);
    const data = await loadTrainingData(db, model!, { from, to });
    await log(`Training data: ${data.train.length} examples to learn from, ${data.heldOut.length} held out (${data.fromExamples} stored examples, ${data.fromPredictions} labelled predictions from ${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)}).`);
    if (data.train.length < 20 || data.heldOut.length < 5) throw new Error(`Too little labelled data to train on: ${data.train.length} examples, ${data.heldOut.length} held out.`);
    if (new Set(data.train.map((e) => e.label)).size < 2) throw new Error("The labelled data has only one class.");
    const epochs = options.epochs ?? DEFAULT_EPOCHS;
    const onEpoch = async ({ epoch, loss }: EpochReport) => {
      if (options.signal?.aborted) throw new RunStopped("The worker is stopping; the job will be retried.");
      const [still] = await db
        .update(retrainRuns)
        .set({ progress: (0.9 * epoch) / epochs, message: `Epoch ${epoch}/${epochs}` })
        .where(and(eq(retrainRuns.id, runId), eq(retrainRuns.status, "running")))
        .returning({ id: retrainRuns.id });
      if (!still) throw new RunStopped("The run was cancelled.");
      await log(`Epoch ${epoch}/${epochs}: training loss ${loss.toFixed(4)}`);
    };
    // A multiclass model learns every class at once (softmax); a binary one its positive class.
    const artifact =
      model!.task === "multiclass"
        ? await trainSoftmax(data.train, model!.classes, { epochs }, onEpoch)
        : await trainLogistic(data.train, { positive: model!.positiveClass!, negative: model!.classes.find((c) => c !== model!.positiveClass)! }, { epochs }, onEpoch);
    const candidate = scoreArtifact(artifact, data.heldOut)!;
    await log(`Held-out figures on ${data.heldOut.length} labels: accuracy ${candidate.accuracy}, ${model!.task === "multiclass" ? "macro F1" : "F1"} ${candidate.f1}, ROC AUC ${candidate.auc ?? "n/a"}.`);
    if (options.signal?.aborted) throw new RunStopped("The worker is stopping; the job will be retried.");
    const finished = await finishRunWithVersion(
      db,
      TRAINER,
      runId,
      {
        artifact,
        metrics: { accuracy: candidate.accuracy, f1: candidate.f1, ...(candidate.auc === null ? {} : { auc: candidate.auc }), heldOutN: data.heldOut.length },
        source: "built-in",
        trainingFrom: from,
        trainingTo: to,
        trainingExamples: data.train.length,
      },
      (production) => compareOnHeldOut(artifact, production?.artifact ?? null, data.heldOut),
    );
    return finished ? { outcome: "succeeded" as const, versionId: finished.version.id, requestId: finished.request.request.id } : { outcome: "skipped" as const };
  } catch (error) {
    // A stop is not a failure: a cancelled run is already marked, an aborted worker's job is retried.
    if (error instanceof RunStopped) {
      if (options.signal?.aborted) throw error;
      return { outcome: "cancelled" as const };
    }
    await failRun(db, TRAINER, runId, error instanceof Error ? error.message : String(error));
    return { outcome: "failed" as const };
  }
}

/** For the demo and tests: the production version's artifact of a model, if any. */
export async function productionArtifact(db: Database, modelId: string) {
  const [row] = await db.select({ artifact: modelVersions.artifact }).from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production")));
  return row?.artifact ?? null;
}
