import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { models, retrainRuns, runLogs, type ModelPipeline, type RetrainRun } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { generateRunToken, signWebhook } from "@/lib/registry/signing";
import { env } from "@/lib/env";
import { getPipeline, withOpenSecrets } from "../registry";
import { callOut } from "../outbound";
import { failRun } from "./finish-run";
import { publicBaseUrl } from "@/lib/outbound/public-url";

const CALLER = { type: "system", label: "pipeline trigger" } as const;
const DAY_MS = 86_400_000;

export type PipelineCall = { url: string; headers: Record<string, string>; body: string };

/**
 * What Vigil sends to start an external run, exactly as API.md says. Prefect: POST
 * `{api url}/deployments/{deployment id}/create_flow_run` with `{"parameters": {...}}` and the
 * Prefect API key as a bearer token. Webhook: a signed POST of `retrain.requested`. Both carry
 * the run id, the callback URL and the run's own token for `POST /api/v1/runs/{run}/events`.
 */
export function pipelineCall(pipeline: ModelPipeline, run: RetrainRun, model: { slug: string }, token: string, baseUrl: string, now = new Date()): PipelineCall {
  const callbackUrl = `${baseUrl}/api/v1/runs/${run.id}/events`;
  const dataTo = now.toISOString();
  const dataFrom = new Date(now.getTime() - pipeline.dataWindowDays * DAY_MS).toISOString();
  if (pipeline.trainer === "prefect") {
    const apiUrl = (pipeline.trainerConfig.apiUrl ?? "").replace(/\/$/, "");
    const body = JSON.stringify({
      parameters: { vigil_run_id: run.id, vigil_callback_url: callbackUrl, vigil_callback_token: token, model: model.slug, trigger: run.trigger, data_from: dataFrom, data_to: dataTo },
    });
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (pipeline.trainerSecret) headers.authorization = `Bearer ${pipeline.trainerSecret}`;
    return { url: `${apiUrl}/deployments/${encodeURIComponent(pipeline.trainerConfig.deploymentId ?? "")}/create_flow_run`, headers, body };
  }
  const body = JSON.stringify({
    type: "retrain.requested",
    model: model.slug,
    run: { id: run.id, trigger: run.trigger, dataFrom, dataTo },
    callback: { url: callbackUrl, token },
  });
  return { url: pipeline.trainerConfig.url ?? "", headers: signWebhook(pipeline.trainerSecret ?? "", body), body };
}

/**
 * Starts a queued run on its external pipeline. The token's hash is stored before the call and
 * the run marked running after it: a retry after a crash sends a new token, which makes the
 * first call's token useless, so a pipeline started twice can register nothing twice.
 */
export async function triggerExternalRun(db: Database, runId: string): Promise<{ outcome: "started" | "skipped" | "failed" }> {
  const [run] = await db.select().from(retrainRuns).where(eq(retrainRuns.id, runId));
  if (!run || run.status !== "queued") return { outcome: "skipped" };
  const [model] = await db.select({ slug: models.slug }).from(models).where(eq(models.id, run.modelId));
  const pipeline = withOpenSecrets(await getPipeline(db, run.modelId));
  const { token, hash } = generateRunToken();
  await db.update(retrainRuns).set({ tokenHash: hash, attempts: sql`${retrainRuns.attempts} + 1` }).where(eq(retrainRuns.id, runId));

  const call = pipelineCall(pipeline, run, model!, token, publicBaseUrl());
  const result = await callOut(db, { purpose: "retrain", modelId: run.modelId, runId, ...call, timeoutMs: env().VIGIL_OUTBOUND_TIMEOUT_MS });
  if (!result.ok) {
    // The run's page is read by every role: it says that the call failed and where admins find why.
    await failRun(db, CALLER, runId, `Could not start the pipeline: ${result.message}.`);
    return { outcome: "failed" };
  }
  await db
    .update(retrainRuns)
    .set({ status: "running", startedAt: sql`coalesce(${retrainRuns.startedAt}, now())`, message: "Started on the pipeline; waiting for its callbacks" })
    .where(and(eq(retrainRuns.id, runId), eq(retrainRuns.status, "queued")));
  await db.insert(runLogs).values({ runId, message: `Started on ${pipeline.trainer === "prefect" ? "Prefect" : "the pipeline webhook"} (${new URL(call.url).host}).` });
  return { outcome: "started" };
}
