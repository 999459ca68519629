import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiKeys, users } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { hashApiKeySecret } from "@/lib/api-keys/secret";
import { API_KEY_PREFIX } from "@/lib/api-keys/constants";
import type { ApiKeyActor } from "../context";
import { ServiceError } from "../errors";

/**
 * Finds the key behind an `Authorization: Bearer` header, refusing missing, unknown and revoked
 * keys, and keys whose creator was deactivated, with 401. Last-used is written at most once a minute per key, to keep ingest cheap.
 */
export async function authenticateApiKey(db: Database, authorization: string | null): Promise<ApiKeyActor> {
  const secret = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!secret || !secret.startsWith(API_KEY_PREFIX)) {
    throw new ServiceError("unauthorized", "Send an API key as `Authorization: Bearer vgl_…`.");
  }
  const [found] = await db
    .select({ key: apiKeys, creatorActive: users.active })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.secretHash, hashApiKeySecret(secret)));
  const key = found?.key;
  if (!key || key.revokedAt) throw new ServiceError("unauthorized", "This API key is unknown or has been revoked.");
  // A key made by a person lives only while that person is active: deactivating someone stops
  // the keys they made too (keys made from the command line have no creator and are not affected).
  if (found.creatorActive === false) throw new ServiceError("unauthorized", "This API key's creator has been deactivated, so the key no longer works.");

  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  return { type: "api_key", id: key.id, name: key.name, permissions: key.permissions, modelIds: key.modelIds };
}
