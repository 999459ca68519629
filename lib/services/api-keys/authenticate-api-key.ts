import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiKeys } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { hashApiKeySecret } from "@/lib/api-keys/secret";
import { API_KEY_PREFIX } from "@/lib/api-keys/constants";
import type { ApiKeyActor } from "../context";
import { ServiceError } from "../errors";

/**
 * Finds the key behind an `Authorization: Bearer` header, refusing missing, unknown and revoked
 * keys alike with 401. Last-used is written at most once a minute per key, to keep ingest cheap.
 */
export async function authenticateApiKey(db: Database, authorization: string | null): Promise<ApiKeyActor> {
  const secret = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!secret || !secret.startsWith(API_KEY_PREFIX)) {
    throw new ServiceError("unauthorized", "Send an API key as `Authorization: Bearer vgl_…`.");
  }
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.secretHash, hashApiKeySecret(secret)));
  if (!key || key.revokedAt) throw new ServiceError("unauthorized", "This API key is unknown or has been revoked.");

  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  return { type: "api_key", id: key.id, name: key.name, permissions: key.permissions, modelIds: key.modelIds };
}
