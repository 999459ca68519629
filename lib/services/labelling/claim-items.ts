import "server-only";
import { ClaimRequest } from "@/lib/labelling/schemas";
import type { ServiceContext } from "../context";
import { parseInput } from "../validation";
import { claimantOf, findModelAndPolicyForLabelling, takeItems } from "./queue";

export type ApiClaimedItem = { itemId: string; predictionId: string; features: Record<string, unknown>; claimExpiresAt: string };

/**
 * `POST /api/v1/labelling/claim`: up to `limit` items for an outside labelling tool, claimed for
 * the key under the same lease rules as in the app. The model's prediction is never sent.
 */
export async function claimItems(ctx: ServiceContext, body: unknown, now: Date = new Date()): Promise<{ items: ApiClaimedItem[] }> {
  const input = parseInput(ClaimRequest, body);
  const { model, policy } = await findModelAndPolicyForLabelling(ctx, input.model);
  const items = await takeItems(ctx.db, { modelId: model.id, claimant: claimantOf(ctx.actor), limit: input.limit, leaseMinutes: policy.leaseMinutes, showPrediction: false, now });
  return { items: items.map(({ itemId, predictionId, features, claimExpiresAt }) => ({ itemId, predictionId, features, claimExpiresAt })) };
}
