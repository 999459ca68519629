import "server-only";
import type { ApiModelSettings } from "@/lib/models/api-schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { findModelBySlug } from "./find-model";
import { modelSettingsView } from "./model-settings-view";

/** `GET /api/v1/models/{model}`: a key with `read` (for its models) or anyone signed in. */
export async function getModelSettings(ctx: ServiceContext, slug: string): Promise<ApiModelSettings> {
  const rule = { user: "models.view", key: "read" } as const;
  assertAllowed(ctx.actor, rule);
  const model = await findModelBySlug(ctx.db, slug);
  assertAllowed(ctx.actor, rule, model);
  return modelSettingsView(ctx.db, model);
}
