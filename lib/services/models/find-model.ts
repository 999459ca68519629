import "server-only";
import { eq } from "drizzle-orm";
import { models, type Model } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { isStorableText } from "@/lib/validation/storable-text";
import { quoteInput, ServiceError } from "../errors";

export async function findModelBySlug(db: DbOrTx, slug: string): Promise<Model> {
  // A slug PostgreSQL could not store (NUL, an unpaired surrogate) names no model; asking would fail the query.
  const [model] = isStorableText(slug) ? await db.select().from(models).where(eq(models.slug, slug)) : [];
  if (!model) throw new ServiceError("not_found", `There is no model with the slug ${quoteInput(slug)}.`);
  return model;
}
