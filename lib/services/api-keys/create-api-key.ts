import "server-only";
import { inArray } from "drizzle-orm";
import { apiKeys, models } from "@/lib/db/schema";
import { generateApiKeySecret } from "@/lib/api-keys/secret";
import { CreateApiKeyInput } from "@/lib/api-keys/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";

/** Creates a key and returns its secret, the only time it is ever available. */
export async function createApiKey(ctx: ServiceContext, rawInput: unknown): Promise<{ id: string; name: string; secret: string }> {
  assertPermission(ctx.actor, "users.manage");
  const input = parseInput(CreateApiKeyInput, rawInput);
  const { secret, prefix, hash } = generateApiKeySecret();

  return ctx.db.transaction(async (tx) => {
    let modelIds: string[] | null = null;
    if (input.models) {
      const found = await tx.select({ id: models.id, slug: models.slug }).from(models).where(inArray(models.slug, input.models));
      const missing = input.models.filter((slug) => !found.some((m) => m.slug === slug));
      if (missing.length) throw new ServiceError("invalid_input", `Unknown model: ${missing.join(", ")}`, { models: [`Unknown model: ${missing.join(", ")}`] });
      modelIds = found.map((m) => m.id);
    }
    const [key] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        prefix,
        secretHash: hash,
        permissions: input.permissions,
        modelIds,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      })
      .returning({ id: apiKeys.id, name: apiKeys.name });
    await writeAudit(tx, ctx.actor, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: key!.id,
      details: { name: input.name, prefix, permissions: input.permissions, models: input.models ?? "all" },
    });
    return { ...key!, secret };
  });
}
