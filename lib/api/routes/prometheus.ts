import { asc } from "drizzle-orm";
import { models } from "@/lib/db/schema";
import { getModelMetrics } from "@/lib/services/metrics/get-model-metrics";
import { assertAllowed } from "@/lib/services/context";
import { toPrometheus } from "@/lib/metrics/prometheus";
import { countOpenAlerts } from "@/lib/services/monitors/count-open-alerts";
import { readerRoute, type ReaderDeps } from "../http";

const WINDOW_HOURS = 24;

/** GET /api/v1/metrics: every visible model's figures over the last 24 hours, for scrapers. */
export const prometheusRoute = (deps: ReaderDeps) =>
  readerRoute<Record<string, never>>(deps, async (ctx) => {
    assertAllowed(ctx.actor, { user: "models.view", key: "read" });
    const all = await ctx.db.select({ id: models.id, slug: models.slug }).from(models).orderBy(asc(models.slug));
    const visible = ctx.actor.type === "api_key" && ctx.actor.modelIds !== null ? all.filter((m) => (ctx.actor as { modelIds: string[] }).modelIds.includes(m.id)) : all;
    const to = new Date();
    const from = new Date(to.getTime() - WINDOW_HOURS * 3600_000);
    const figures = [];
    for (const m of visible) figures.push(await getModelMetrics(ctx, m.slug, { from: from.toISOString(), to: to.toISOString(), bucket: "hour" }));
    const open = await countOpenAlerts(ctx.db, visible.map((m) => m.id));
    return new Response(toPrometheus(figures, `${WINDOW_HOURS}h`, open), { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" } });
  });
