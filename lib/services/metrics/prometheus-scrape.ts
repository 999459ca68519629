import "server-only";
import { toPrometheus } from "@/lib/metrics/prometheus";
import type { ServiceContext } from "../context";
import { listVisibleModels } from "../models";
import { countOpenAlerts } from "../monitors";
import { getScrapeFigures } from "./get-scrape-figures";

const WINDOW_HOURS = 24;

/** The Prometheus text of every model the caller may read (a scoped key: only those), over the last 24 hours. */
export async function prometheusScrape(ctx: ServiceContext, now = new Date()): Promise<string> {
  const visible = await listVisibleModels(ctx);
  const from = new Date(now.getTime() - WINDOW_HOURS * 3600_000);
  const [figures, open] = await Promise.all([getScrapeFigures(ctx, visible, { from, to: now }), countOpenAlerts(ctx.db, visible.map((m) => m.slug))]);
  return toPrometheus(figures, `${WINDOW_HOURS}h`, open);
}
