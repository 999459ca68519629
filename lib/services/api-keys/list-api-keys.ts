import "server-only";
import { desc, eq } from "drizzle-orm";
import { apiKeys, models, users } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  models: string[] | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Who made it (null: the command line); a key stops working while its creator is deactivated. */
  createdBy: { email: string; active: boolean } | null;
};

export async function listApiKeys(ctx: ServiceContext): Promise<ApiKeySummary[]> {
  assertPermission(ctx.actor, "users.manage");
  const [keys, allModels] = await Promise.all([
    ctx.db
      .select({ key: apiKeys, creatorEmail: users.email, creatorActive: users.active })
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.createdBy))
      .orderBy(desc(apiKeys.createdAt)),
    ctx.db.select({ id: models.id, slug: models.slug }).from(models),
  ]);
  const slugOf = new Map(allModels.map((m) => [m.id, m.slug]));
  return keys.map(({ key: k, creatorEmail, creatorActive }) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    permissions: k.permissions,
    models: k.modelIds === null ? null : k.modelIds.map((id) => slugOf.get(id) ?? "(deleted model)"),
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
    createdBy: creatorEmail === null || creatorActive === null ? null : { email: creatorEmail, active: creatorActive },
  }));
}
