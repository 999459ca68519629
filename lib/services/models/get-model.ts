import "server-only";
import { assertPermission, type ServiceContext } from "../context";
import { findModelBySlug } from "./find-model";

export async function getModel(ctx: ServiceContext, slug: string) {
  assertPermission(ctx.actor, "models.view");
  return findModelBySlug(ctx.db, slug);
}
