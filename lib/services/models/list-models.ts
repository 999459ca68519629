import { asc } from "drizzle-orm";
import { models, type Model } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";

export async function listModels(ctx: ServiceContext): Promise<Model[]> {
  assertPermission(ctx.actor, "models.view");
  return ctx.db.select().from(models).orderBy(asc(models.name));
}
