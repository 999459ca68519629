import { and, eq, inArray } from "drizzle-orm";
import { models, modelVersions, monitors } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { MonitorDefinitionInput } from "@/lib/monitors/schemas";
import { systemContext } from "@/lib/services/context";
import { createMonitor, evaluateMonitorAt } from "@/lib/services/monitors";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The demo's history covers this many days (lib/demo/history.ts). */
const HISTORY_DAYS = 30;

/**
 * The demo's monitors. On the decayed history the spam share, score drift, feature drift and
 * ground-truth accuracy monitors fire; estimated accuracy stays OK, because the broken model is
 * still confident: the seed article's warning about proxy metrics, shown rather than told.
 */
export const DEMO_MONITORS: MonitorDefinitionInput[] = [
  {
    model: "spam-filter", name: "Spam share jumped", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.45, resolveThreshold: 0.4,
    minN: 200, forEvaluations: 1, severity: "critical", policy: "propose-retrain",
    description: "About 30% of mail is spam; a filter flagging far more than that is broken, not busy.",
  },
  {
    model: "spam-filter", name: "Score distribution drifted", metric: "scorePsi", window: "24h", comparison: "above", threshold: 0.25, resolveThreshold: 0.2,
    minN: 500, forEvaluations: 3, severity: "warning", policy: "notify",
    description: "PSI of the scores against the reference window; 0.25 is a significant shift.",
  },
  {
    model: "spam-filter", name: "Any feature drifted", metric: "featurePsi", window: "24h", comparison: "above", threshold: 0.25, minN: 200,
    correction: "benjamini-hochberg", alpha: 0.01, forEvaluations: 3, severity: "info", policy: "notify",
    description: "Every feature at once, corrected for testing five of them; a feature must also reach PSI 0.25.",
  },
  {
    model: "spam-filter", name: "Ground-truth accuracy dropped", metric: "groundTruthAccuracy", window: "3d", comparison: "below", threshold: 0.85, resolveThreshold: 0.88,
    minN: 200, requireInterval: true, forEvaluations: 1, severity: "critical", policy: "propose-retrain",
    description: "Truth arrives one to three days late, so the window is three days; fires only when the whole interval is below.",
  },
  {
    model: "spam-filter", name: "Accuracy decay (sequential)", kind: "sequential", metric: "groundTruthAccuracy", window: "24h", comparison: "below", threshold: 0.05,
    falseAlarmDays: 30, minN: 100, forEvaluations: 1, severity: "critical", policy: "notify",
    description: "Gathers the evidence hour by hour (CUSUM): about one false alarm a month, and names the hour the decay began.",
  },
  {
    model: "spam-filter", name: "Estimated accuracy dropped", metric: "estimatedAccuracy", window: "24h", comparison: "below", threshold: 0.8,
    minN: 200, forEvaluations: 5, severity: "warning", policy: "notify",
    description: "Confidence-based estimate without labels. The decayed filter stays confident, so this one stays OK: a proxy can miss.",
  },
  {
    model: "delivery-time", name: "Delivery-time MAE rose", metric: "mae", window: "3d", comparison: "above", threshold: 6, resolveThreshold: 5,
    minN: 100, forEvaluations: 1, severity: "warning", policy: "notify",
    description: "Minutes of absolute error on deliveries whose actual time is known.",
  },
];

/**
 * Creates the demo monitors once (when neither demo model has any) and evaluates each: an hour
 * before its model's latest deploy in the history (the spam filter's v2), when the decay fired
 * them, and then now, so a newcomer opens Vigil to the alerts the decay fired, resolved where
 * the new version recovered; from then on the schedule evaluates them.
 */
export async function seedDemoMonitors(db: Database, now = new Date()): Promise<{ created: number; firing: string[] }> {
  const demo = await db.select({ id: models.id, slug: models.slug }).from(models).where(inArray(models.slug, ["spam-filter", "delivery-time"]));
  if (!demo.length) return { created: 0, firing: [] };
  const [existing] = await db.select({ id: monitors.id }).from(monitors).where(inArray(monitors.modelId, demo.map((m) => m.id))).limit(1);
  if (existing) return { created: 0, firing: [] };

  const ctx = systemContext(db, "demo seed");
  const firing: string[] = [];
  let created = 0;
  const deploys = await lastDeploys(db, demo.map((m) => m.id));
  for (const definition of DEMO_MONITORS) {
    const model = demo.find((m) => m.slug === definition.model);
    if (!model) continue;
    const monitor = await createMonitor(ctx, definition);
    created++;
    const deployed = deploys.get(model.id);
    if (deployed && deployed.getTime() > now.getTime() - HISTORY_DAYS * DAY_MS && deployed < now) {
      const before = new Date(deployed.getTime() - HOUR_MS);
      await evaluateMonitorAt(db, monitor.id, before, before);
    }
    const result = await evaluateMonitorAt(db, monitor.id, now, now);
    if (result.state === "firing") firing.push(monitor.name);
  }
  return { created, firing };
}

/** When each model's production version took over. */
async function lastDeploys(db: Database, modelIds: string[]): Promise<Map<string, Date>> {
  const rows = await db
    .select({ modelId: modelVersions.modelId, at: modelVersions.promotedAt })
    .from(modelVersions)
    .where(and(inArray(modelVersions.modelId, modelIds), eq(modelVersions.status, "production")));
  return new Map(rows.flatMap((r) => (r.at ? [[r.modelId, r.at] as const] : [])));
}
