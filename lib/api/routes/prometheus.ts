import "server-only";
import { getModelMetrics } from "@/lib/services/metrics";
import { listModelsForApi } from "@/lib/services/models";
import { toPrometheus } from "@/lib/metrics/prometheus";
import { countOpenAlerts } from "@/lib/services/monitors";
import { readerRoute, serverDeps, type ReaderDeps } from "../http";

const WINDOW_HOURS = 24;

/** GET /api/v1/metrics: every visible model's figures over the last 24 hours, for scrapers. */
export const prometheusRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute(deps, async (ctx) => {
    // The models this caller may read (a key scoped to some models sees only those), by slug.
    const visible = await listModelsForApi(ctx);
    const to = new Date();
    const from = new Date(to.getTime() - WINDOW_HOURS * 3600_000);
    const figures = [];
    for (const m of visible) figures.push(await getModelMetrics(ctx, m.slug, { from: from.toISOString(), to: to.toISOString(), bucket: "hour" }));
    const open = await countOpenAlerts(ctx.db, visible.map((m) => m.slug));
    return new Response(toPrometheus(figures, `${WINDOW_HOURS}h`, open), { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" } });
  });
