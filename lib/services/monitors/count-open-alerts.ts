import "server-only";
import { and, count, eq, inArray } from "drizzle-orm";
import { alerts, models } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { OpenAlerts } from "@/lib/metrics/prometheus";

/** Firing alerts of the given models, by model slug and severity (for the Prometheus scrape). */
export async function countOpenAlerts(db: DbOrTx, modelSlugs: string[]): Promise<OpenAlerts> {
  const open: OpenAlerts = new Map();
  if (modelSlugs.length === 0) return open;
  const rows = await db
    .select({ slug: models.slug, severity: alerts.severity, n: count() })
    .from(alerts)
    .innerJoin(models, eq(models.id, alerts.modelId))
    .where(and(eq(alerts.state, "firing"), inArray(models.slug, modelSlugs)))
    .groupBy(models.slug, alerts.severity);
  for (const row of rows) open.set(row.slug, { ...open.get(row.slug), [row.severity]: row.n });
  return open;
}
