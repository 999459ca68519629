import "server-only";
import { getModelMetrics, getModelSlices } from "@/lib/services/metrics";
import { readerRoute, serverDeps, type ReaderDeps } from "../http";

export const modelMetricsRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute<{ model: string }>(deps, async (ctx, request, params) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json(await getModelMetrics(ctx, params.model, query), { headers: { "Cache-Control": "no-store" } });
  });

export const modelSlicesRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute<{ model: string }>(deps, async (ctx, request, params) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json(await getModelSlices(ctx, params.model, query), { headers: { "Cache-Control": "no-store" } });
  });
