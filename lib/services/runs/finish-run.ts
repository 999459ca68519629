import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { models, modelVersions, retrainRuns, runLogs, type RetrainRun } from "@/lib/db/schema";
import type { Database, DbOrTx } from "@/lib/db/connect";
import type { GateComparison } from "@/lib/registry/gate";
import type { VersionSource } from "@/lib/registry/constants";
import type { Actor } from "../context";
import { writeAudit } from "../audit";
import { getPipeline } from "../registry";
import { createDeployRequest } from "../deploys";

export type NewVersion = {
  name?: string;
  artifactUri?: string;
  artifact?: Record<string, unknown> | null;
  metrics: Record<string, number>;
  source: VersionSource;
  trainingFrom?: Date | null;
  trainingTo?: Date | null;
  trainingExamples?: number | null;
};

/** The next free `vN` of a model (the largest vN it has, plus one). */
async function nextVersionName(tx: DbOrTx, modelId: string): Promise<string> {
  const [row] = await tx.execute<{ n: number }>(sql`
    select coalesce(max(substring(name from '^v([0-9]+)$')::int), 0) + 1 as n from model_versions where model_id = ${modelId}`);
  return `v${row?.n ?? 1}`;
}

/**
 * Registers a run's version and finishes the run in ONE transaction, after locking the run row:
 * a second worker finishing the same run (a retried job) finds it no longer running and adds
 * nothing, so a run never leaves two versions or a version without a finished run. The deploy
 * request (and an automatic deploy) is part of the same transaction.
 */
export async function finishRunWithVersion(db: Database, actor: Actor, runId: string, version: NewVersion, comparison: (production: { artifact: unknown } | null) => GateComparison | null) {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(retrainRuns).where(eq(retrainRuns.id, runId)).for("update");
    // A pipeline may report before its trigger was marked running; anything ended stays ended.
    if (!run || (run.status !== "running" && run.status !== "queued")) return null;
    const [model] = await tx.select().from(models).where(eq(models.id, run.modelId));
    const [production] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, run.modelId), eq(modelVersions.status, "production")));
    const name = version.name ?? (await nextVersionName(tx, run.modelId));
    const [created] = await tx
      .insert(modelVersions)
      .values({
        modelId: run.modelId,
        name,
        artifactUri: version.artifactUri ?? `vigil://models/${model!.slug}/versions/${name}`,
        artifact: version.artifact ?? null,
        metrics: version.metrics,
        status: "candidate",
        source: version.source,
        trainingFrom: version.trainingFrom ?? null,
        trainingTo: version.trainingTo ?? null,
        trainingExamples: version.trainingExamples ?? null,
        runId: run.id,
      })
      .returning();
    await tx
      .update(retrainRuns)
      .set({ status: "succeeded", progress: 1, message: `Registered ${name}`, finishedAt: sql`now()` })
      .where(eq(retrainRuns.id, run.id));
    await tx.insert(runLogs).values({ runId: run.id, message: `Registered ${name} as a candidate.` });
    await writeAudit(tx, actor, {
      action: "run.succeeded",
      targetType: "retrain_run",
      targetId: run.id,
      modelId: run.modelId,
      details: { version: name, metrics: version.metrics },
    });
    await writeAudit(tx, actor, { action: "version.registered", targetType: "model_version", targetId: created!.id, modelId: run.modelId, details: { version: name, source: version.source, runId: run.id } });

    const pipeline = await getPipeline(tx, run.modelId);
    const gate = comparison(production ? { artifact: production.artifact } : null);
    const request = await createDeployRequest(tx, actor, {
      model: model!,
      pipeline,
      version: created!,
      production: production ?? null,
      comparison: gate,
      requestedBy: run.requestedBy,
      requestedByLabel: run.requestedByLabel,
      runId: run.id,
      allowAuto: run.autoDeploy !== "never",
    });
    return { run: run as RetrainRun, version: created!, request };
  });
}

/** Marks a running or queued run failed (no-op if it already ended), logged and audited. */
export async function failRun(db: Database, actor: Actor, runId: string, message: string) {
  await db.transaction(async (tx) => {
    const [run] = await tx
      .update(retrainRuns)
      .set({ status: "failed", error: message, message, finishedAt: sql`now()` })
      .where(and(eq(retrainRuns.id, runId), sql`${retrainRuns.status} in ('queued', 'running')`))
      .returning();
    if (!run) return;
    await tx.insert(runLogs).values({ runId, level: "error", message });
    await writeAudit(tx, actor, { action: "run.failed", targetType: "retrain_run", targetId: runId, modelId: run.modelId, details: { message } });
  });
}
