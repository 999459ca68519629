import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { apiKeys } from "@/lib/db/schema";
import { RevokeApiKeyInput } from "@/lib/api-keys/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";

/** Revocation takes effect on the key's next request: every request looks the key up. */
export async function revokeApiKey(ctx: ServiceContext, rawInput: unknown): Promise<void> {
  assertPermission(ctx.actor, "users.manage");
  const { keyId } = parseInput(RevokeApiKeyInput, rawInput);
  await ctx.db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
    if (!revoked) {
      const [existing] = await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, keyId));
      if (!existing) throw new ServiceError("not_found", "That API key does not exist.");
      return; // already revoked: nothing to do
    }
    await writeAudit(tx, ctx.actor, { action: "api_key.revoked", targetType: "api_key", targetId: keyId, details: { name: revoked.name, prefix: revoked.prefix } });
  });
}
