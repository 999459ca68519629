import "server-only";
import { and, eq } from "drizzle-orm";
import { modelVersions, type Model, type ModelVersion } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { isBuiltInArtifact } from "@/lib/training/predictor";
import { ServiceError } from "../errors";
import { getPipeline } from "./get-pipeline";

/**
 * Whether Vigil's built-in serving endpoint answers for the model: its trainer is the built-in
 * one, or its production version is a built-in artifact. A model whose own server sends its
 * predictions (trainer none, production an outside version) only records its production
 * version under the built-in target, and may record any version there.
 */
export async function servedByVigil(db: DbOrTx, modelId: string, production?: ModelVersion | null): Promise<boolean> {
  if ((await getPipeline(db, modelId)).trainer === "built-in") return true;
  const current =
    production === undefined
      ? (await db.select({ artifact: modelVersions.artifact }).from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production"))))[0]
      : production;
  return isBuiltInArtifact(current?.artifact);
}

/**
 * Refuses to put under the built-in serving endpoint a version it cannot run (one registered by
 * an outside pipeline): the endpoint would answer every call with an error from then on.
 */
export async function assertBuiltInCanServe(db: DbOrTx, model: Pick<Model, "id" | "slug">, version: Pick<ModelVersion, "name" | "artifact">, production?: ModelVersion | null) {
  if (isBuiltInArtifact(version.artifact) || !(await servedByVigil(db, model.id, production))) return;
  throw new ServiceError(
    "conflict",
    `${version.name} was not trained by Vigil's built-in trainer, so the built-in serving endpoint that answers for ${model.slug} cannot run it. ` +
      "To deploy versions from your own pipeline, choose a signed webhook as the deploy target on the model's Versions page.",
    undefined,
    { error: "not_servable" },
  );
}
