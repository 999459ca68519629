import { ingestPredictions } from "@/lib/services/ingest/ingest-predictions";
import { recordGroundTruth } from "@/lib/services/ingest/record-ground-truth";
import { rollupsChanged } from "@/lib/services/metrics/rollup-refresher";
import { keyRoute, readJsonBody, type RouteDeps } from "../http";

export const predictionsRoute = (deps: RouteDeps) =>
  keyRoute(deps, async (ctx, request) => {
    const result = await ingestPredictions(ctx, await readJsonBody(request));
    if (result.accepted > 0) rollupsChanged(ctx.db);
    return Response.json(result);
  });

export const groundTruthRoute = (deps: RouteDeps) =>
  keyRoute(deps, async (ctx, request) => {
    const result = await recordGroundTruth(ctx, await readJsonBody(request));
    if (result.matched > 0) rollupsChanged(ctx.db);
    return Response.json(result);
  });
