import "server-only";
import { prometheusScrape } from "@/lib/services/metrics";
import { readerRoute, serverDeps, type ReaderDeps } from "../http";

/** GET /api/v1/metrics: every visible model's figures over the last 24 hours, for scrapers. */
export const prometheusRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute(deps, async (ctx) => {
    return new Response(await prometheusScrape(ctx), { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" } });
  });
