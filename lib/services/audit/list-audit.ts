import "server-only";
import { desc, eq, and, type SQL } from "drizzle-orm";
import { auditLog } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";

/** Newest first; used by the settings pages and tests now, by the audit page later. */
export async function listAudit(ctx: ServiceContext, filter: { targetType?: string; targetId?: string; limit?: number } = {}) {
  assertPermission(ctx.actor, "users.manage");
  const where: SQL[] = [];
  if (filter.targetType) where.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) where.push(eq(auditLog.targetId, filter.targetId));
  return ctx.db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.min(filter.limit ?? 50, 500));
}
