import "server-only";
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { modelVersions, predictionTexts, type Model } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { loadPredictor, type BuiltInPrediction, type Predictor } from "@/lib/training/predictor";
import { PredictRequest } from "@/lib/registry/schemas";
import type { PredictionRow } from "@/lib/ingest/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { ingestPredictions } from "../ingest";

type Loaded = { versionId: string; name: string; predictor: Predictor };
/** Loaded classifiers by model, each keyed by the version it was loaded from. */
const cache = new Map<string, Loaded>();

/**
 * The production classifier of a built-in model. One indexed read names the production version
 * on every call; the cached classifier is used only if it was loaded from that same version, so a
 * deploy or rollback (one transaction) takes effect on the next call, and a prediction is always
 * scored and recorded by one version, never a mix.
 */
export async function productionPredictor(db: DbOrTx, model: Model): Promise<Loaded> {
  const [production] = await db
    .select({ id: modelVersions.id, name: modelVersions.name })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.status, "production")));
  if (!production) throw new ServiceError("conflict", `${model.slug} has no version in production to serve.`, undefined, { error: "no_production_version" });
  const cached = cache.get(model.id);
  if (cached?.versionId === production.id) return cached;
  const [row] = await db.select({ artifact: modelVersions.artifact }).from(modelVersions).where(eq(modelVersions.id, production.id));
  const predictor = loadPredictor(row?.artifact);
  if (!predictor) {
    throw new ServiceError("conflict", `${model.slug}'s production version ${production.name} is not a built-in model; Vigil cannot serve it.`, undefined, { error: "not_built_in" });
  }
  const loaded = { versionId: production.id, name: production.name, predictor };
  cache.set(model.id, loaded);
  return loaded;
}

export type ServedPrediction = { id: string } & BuiltInPrediction;
export type ServeRow = { id?: string; timestamp?: string; text: string; features: Record<string, unknown>; actual?: PredictionRow["actual"] };

/**
 * Scores inputs with the production version and records them like any other prediction (the
 * ingest service: sampling, rollups and idempotency by id), the text kept beside them.
 */
export async function servePredictions(ctx: ServiceContext, slug: string, body: unknown) {
  const model = await findModelBySlug(ctx.db, slug);
  assertAllowed(ctx.actor, { user: "models.manage", key: "ingest" }, model);
  const { inputs } = parseInput(PredictRequest, body);
  return scoreAndRecord(ctx, model, inputs);
}

export async function scoreAndRecord(ctx: ServiceContext, model: Model, inputs: ServeRow[]) {
  if (model.task === "regression") throw new ServiceError("conflict", "Vigil serves built-in classifiers only.");
  const { name, predictor } = await productionPredictor(ctx.db, model);
  const rows: PredictionRow[] = [];
  const served: ServedPrediction[] = [];
  for (const input of inputs) {
    const id = input.id ?? `pred-${crypto.randomUUID()}`;
    const answer = predictor.predict({ text: input.text, features: input.features });
    served.push({ id, ...answer });
    rows.push({ id, version: name, ...(input.timestamp ? { timestamp: input.timestamp } : {}), features: input.features as PredictionRow["features"], ...answer, ...(input.actual ? { actual: input.actual } : {}) });
  }
  const texts = rows.map((r, i) => ({ modelId: model.id, externalId: r.id, text: inputs[i]!.text })).filter((r) => r.text);
  // Texts first: a prediction row never exists without the text a retrain needs.
  for (let i = 0; i < texts.length; i += 2_000) await ctx.db.insert(predictionTexts).values(texts.slice(i, i + 2_000)).onConflictDoNothing();
  const { accepted, duplicates } = await ingestPredictions(ctx, { model: model.slug, predictions: rows });
  return { model: model.slug, version: name, accepted, duplicates, predictions: served };
}
