import "server-only";
import { and, eq } from "drizzle-orm";
import { modelVersions } from "@/lib/db/schema";
import { RegisterVersionInput } from "@/lib/registry/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { isUniqueViolation } from "../postgres-errors";
import { findModelBySlug } from "../models";
import { createDeployRequest } from "../deploys";
import { getPipeline } from "./get-pipeline";
import { assertBuiltInCanServe } from "./built-in-serving";
import { actorLabel } from "./switch-production";

const RULE = { user: "runs.start", key: ["register", "admin"] } as const;

/**
 * A version trained by a pipeline Vigil did not start (a team's own nightly training): registered
 * as a candidate and, in the same transaction, put up for deploy under the model's policy. Vigil
 * cannot score an outside artifact on its held-out labels, so the gate has no comparison and the
 * request waits for the policy's approvers (never deploying on its own); a key has no person
 * behind it, so any approver may decide.
 */
export async function registerVersion(ctx: ServiceContext, slug: string, rawInput: unknown) {
  assertAllowed(ctx.actor, RULE);
  const input = parseInput(RegisterVersionInput, rawInput);
  const model = await findModelBySlug(ctx.db, slug);
  assertAllowed(ctx.actor, RULE, model);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [production] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.status, "production")));
      const pipeline = await getPipeline(tx, model.id);
      // Refused up front: a deploy request the built-in endpoint could never carry out helps nobody.
      if (pipeline.deployTarget === "built-in") await assertBuiltInCanServe(tx, model, { name: input.name, artifact: null }, production ?? null);
      const [version] = await tx
        .insert(modelVersions)
        .values({
          modelId: model.id,
          name: input.name,
          artifactUri: input.artifactUri,
          metrics: input.metrics,
          evaluatedOn: input.evaluatedOn || null,
          status: "candidate",
          source: "pipeline",
          trainingFrom: input.trainingFrom ? new Date(input.trainingFrom) : null,
          trainingTo: input.trainingTo ? new Date(input.trainingTo) : null,
        })
        .returning();
      await writeAudit(tx, ctx.actor, {
        action: "version.registered",
        targetType: "model_version",
        targetId: version!.id,
        modelId: model.id,
        details: { version: version!.name, source: "pipeline", artifactUri: version!.artifactUri, metrics: input.metrics, evaluatedOn: version!.evaluatedOn },
      });
      const { request } = await createDeployRequest(tx, ctx.actor, {
        model,
        pipeline,
        version: version!,
        production: production ?? null,
        comparison: null,
        requestedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        requestedByLabel: actorLabel(ctx.actor),
        allowAuto: true,
      });
      return {
        version: {
          name: version!.name,
          status: version!.status,
          artifactUri: version!.artifactUri,
          metrics: version!.metrics,
          evaluatedOn: version!.evaluatedOn,
          trainingFrom: version!.trainingFrom?.toISOString() ?? null,
          trainingTo: version!.trainingTo?.toISOString() ?? null,
          createdAt: version!.createdAt.toISOString(),
        },
        deployRequest: { id: request.id, status: request.status, approvalsRequired: request.approvalsRequired, reason: request.reason },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError("conflict", `The model ${model.slug} already has a version named ${JSON.stringify(input.name)}.`, { name: ["Already in use"] });
    throw error;
  }
}
