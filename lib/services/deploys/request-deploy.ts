import "server-only";
import { and, eq } from "drizzle-orm";
import { modelVersions } from "@/lib/db/schema";
import { RequestDeployInput } from "@/lib/registry/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { getPipeline, actorLabel } from "../registry";
import { loadTrainingData, compareOnHeldOut } from "../runs";
import { createDeployRequest } from "./create-deploy-request";
import { isUniqueViolation } from "../postgres-errors";

const DAY_MS = 86_400_000;

/**
 * A person asks to deploy a version by hand (an archived one back, or a candidate whose request
 * was rejected). Built-in versions are scored against production on today's held-out labels.
 */
export async function requestDeploy(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "runs.start");
  const { model: slug, versionId } = parseInput(RequestDeployInput, input);
  const model = await findModelBySlug(ctx.db, slug);
  const [version] = await ctx.db.select().from(modelVersions).where(and(eq(modelVersions.id, versionId), eq(modelVersions.modelId, model.id)));
  if (!version) throw new ServiceError("not_found", "That version does not belong to this model.");
  if (version.status === "production") throw new ServiceError("conflict", `${version.name} is already in production.`);
  const pipeline = await getPipeline(ctx.db, model.id);
  const [production] = await ctx.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.status, "production")));
  let comparison = null;
  if (version.artifact && model.task === "binary") {
    const now = new Date();
    const data = await loadTrainingData(ctx.db, model, { from: new Date(now.getTime() - pipeline.dataWindowDays * DAY_MS), to: now });
    comparison = compareOnHeldOut(version.artifact, production?.artifact ?? null, data.heldOut);
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const result = await createDeployRequest(tx, ctx.actor, {
        model,
        pipeline,
        version,
        production: production ?? null,
        comparison,
        requestedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        requestedByLabel: actorLabel(ctx.actor),
        allowAuto: true,
      });
      return { requestId: result.request.id, deployed: result.deployed?.status === "succeeded" };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError("conflict", `A deploy of ${version.name} is already waiting on the Actions page.`);
    throw error;
  }
}
