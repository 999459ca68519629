import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { deployments, modelVersions, models } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { DeploymentKind, DeployTarget } from "@/lib/registry/constants";
import type { Actor } from "../context";
import { ServiceError } from "../errors";
import { writeAudit } from "../audit";
import { assertBuiltInCanServe } from "./built-in-serving";

export type SwitchInput = {
  modelId: string;
  versionId: string;
  kind: DeploymentKind;
  target: DeployTarget;
  requestId?: string | null;
  message?: string;
  /** A pending deployment (a webhook target answered) to mark succeeded instead of recording a new one. */
  deploymentId?: string;
};

export const actorLabel = (actor: Actor) => (actor.type === "user" ? actor.email : actor.type === "api_key" ? `API key ${actor.name}` : actor.label);

/**
 * Makes a version production, inside the caller's transaction: the model row is locked so two
 * switches of one model queue up, the old production is archived and the new one promoted in the
 * same transaction (servers read one or the other, never both or none), the deployment is
 * recorded and audited. The partial unique index on production versions backs all of this.
 * NO KEY UPDATE, not UPDATE: it queues switches just the same, and leaves alone the key-share
 * locks that every batch of predictions takes on its model's row, so ingest and a deploy never
 * wait for each other.
 */
export async function switchProduction(tx: DbOrTx, actor: Actor, input: SwitchInput) {
  await tx.execute(sql`select id from ${models} where id = ${input.modelId} for no key update`);
  const [target] = await tx.select().from(modelVersions).where(and(eq(modelVersions.id, input.versionId), eq(modelVersions.modelId, input.modelId)));
  if (!target) throw new ServiceError("not_found", "That version does not belong to this model.");
  if (target.status === "production") throw new ServiceError("conflict", `${target.name} is already in production.`);
  const [current] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, input.modelId), eq(modelVersions.status, "production")));
  if (input.target === "built-in") {
    const [model] = await tx.select({ id: models.id, slug: models.slug }).from(models).where(eq(models.id, input.modelId));
    await assertBuiltInCanServe(tx, model!, target, current ?? null);
  }

  if (current) await tx.update(modelVersions).set({ status: "archived" }).where(eq(modelVersions.id, current.id));
  await tx
    .update(modelVersions)
    .set({
      status: "production",
      promotedAt: sql`now()`,
      // Lineage keeps the version it first replaced; later switches are in the deployments table.
      replacesVersionId: sql`coalesce(${modelVersions.replacesVersionId}, ${current?.id ?? null}::uuid)`,
    })
    .where(eq(modelVersions.id, target.id));
  const values = {
    previousVersionId: current?.id ?? null,
    status: "succeeded" as const,
    message: input.message ?? "",
    finishedAt: sql`now()`,
  };
  const [deployment] = input.deploymentId
    ? await tx.update(deployments).set(values).where(eq(deployments.id, input.deploymentId)).returning()
    : await tx
        .insert(deployments)
        .values({ ...values, modelId: input.modelId, versionId: target.id, requestId: input.requestId ?? null, kind: input.kind, target: input.target, actorLabel: actorLabel(actor) })
        .returning();
  await writeAudit(tx, actor, {
    action: input.kind === "rollback" ? "version.rolled_back" : "version.deployed",
    targetType: "model_version",
    targetId: target.id,
    modelId: input.modelId,
    details: { version: target.name, previous: current?.name ?? null, target: input.target, requestId: input.requestId ?? null },
  });
  return { deployment: deployment!, version: target, previous: current ?? null };
}
