import "server-only";
import { and, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { IsoDay } from "@/lib/validation/time";
import { z } from "zod";
import { auditLog, models } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";
import { parseInput } from "../validation";

export const AUDIT_PAGE_SIZE = 50;

const day = IsoDay().optional().or(z.literal("").transform(() => undefined));
export const AuditFilter = z.object({
  model: z.string().max(100).optional(),
  person: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type AuditFilter = z.input<typeof AuditFilter>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The audit-log page: newest first, filtered by model (slug), person (part of who acted), action
 * (prefix, so `deploy` finds every deploy step) and days (UTC, both included), one page at a time.
 */
export async function searchAudit(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "audit.view");
  const filter = parseInput(AuditFilter, input);
  const where: SQL[] = [];
  if (filter.model) {
    const [model] = await ctx.db.select({ id: models.id }).from(models).where(eq(models.slug, filter.model));
    if (!model) return { entries: [], page: filter.page, hasMore: false, filter };
    where.push(eq(auditLog.modelId, model.id));
  }
  if (filter.person) where.push(ilike(auditLog.actorLabel, `%${escapeLike(filter.person)}%`));
  if (filter.action) where.push(ilike(auditLog.action, `${escapeLike(filter.action)}%`));
  if (filter.from) where.push(gte(auditLog.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) where.push(lt(auditLog.at, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000)));
  const rows = await ctx.db
    .select({ entry: auditLog, modelSlug: models.slug })
    .from(auditLog)
    .leftJoin(models, eq(models.id, auditLog.modelId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE);
  return {
    entries: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ ...r.entry, at: r.entry.at.toISOString(), modelSlug: r.modelSlug })),
    page: filter.page,
    hasMore: rows.length > AUDIT_PAGE_SIZE,
    filter,
  };
}

/** The actions seen so far, for the filter's choices. */
export async function auditActions(ctx: ServiceContext): Promise<string[]> {
  assertPermission(ctx.actor, "audit.view");
  const rows = await ctx.db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}

/** The models to filter by (a plain list: the audit page must not wait for rollups). */
export async function auditModels(ctx: ServiceContext) {
  assertPermission(ctx.actor, "audit.view");
  return ctx.db.select({ slug: models.slug, name: models.name }).from(models).orderBy(models.name);
}
