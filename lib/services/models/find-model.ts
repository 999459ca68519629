import { eq } from "drizzle-orm";
import { models, type Model } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { ServiceError } from "../errors";

export async function findModelBySlug(db: DbOrTx, slug: string): Promise<Model> {
  const [model] = await db.select().from(models).where(eq(models.slug, slug));
  if (!model) throw new ServiceError("not_found", `There is no model with the slug ${JSON.stringify(slug)}.`);
  return model;
}
