import "server-only";
import { asc } from "drizzle-orm";
import { models } from "@/lib/db/schema";
import { assertAllowed, type ServiceContext } from "../context";

/** Models as machine clients see them: a key scoped to some models sees only those. */
export async function listModelsForApi(ctx: ServiceContext) {
  return (await listVisibleModels(ctx)).map(toApiModel);
}

/** The rows of the models the caller may read, by slug. */
export async function listVisibleModels(ctx: ServiceContext) {
  assertAllowed(ctx.actor, { user: "models.view", key: "read" });
  const rows = await ctx.db.select().from(models).orderBy(asc(models.slug));
  return ctx.actor.type === "api_key" && ctx.actor.modelIds !== null ? rows.filter((m) => (ctx.actor as { modelIds: string[] }).modelIds.includes(m.id)) : rows;
}

export function toApiModel(m: typeof models.$inferSelect) {
  return {
    slug: m.slug,
    name: m.name,
    task: m.task,
    classes: m.classes,
    positiveClass: m.positiveClass,
    description: m.description,
    createdAt: m.createdAt.toISOString(),
  };
}
