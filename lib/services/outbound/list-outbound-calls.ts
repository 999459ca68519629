import "server-only";
import { desc, eq } from "drizzle-orm";
import { models, outboundCalls } from "@/lib/db/schema";
import type { OutboundCallPurpose } from "@/lib/outbound/constants";
import { assertPermission, type ServiceContext } from "../context";

export type OutboundCallEntry = {
  id: string;
  purpose: OutboundCallPurpose;
  model: string;
  host: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: string;
};

/** The latest calls to pipelines and deploy targets, with the detail people other than admins never see. */
export async function listOutboundCalls(ctx: ServiceContext, options: { limit?: number } = {}): Promise<OutboundCallEntry[]> {
  assertPermission(ctx.actor, "integrations.manage");
  const rows = await ctx.db
    .select({ call: outboundCalls, model: models.slug })
    .from(outboundCalls)
    .innerJoin(models, eq(models.id, outboundCalls.modelId))
    .orderBy(desc(outboundCalls.at))
    .limit(options.limit ?? 50);
  return rows.map(({ call, model }) => ({
    id: call.id,
    purpose: call.purpose,
    model,
    host: call.host,
    ok: call.ok,
    statusCode: call.statusCode,
    error: call.error,
    durationMs: call.durationMs,
    at: call.at.toISOString(),
  }));
}
