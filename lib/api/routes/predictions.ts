import { ingestPredictions } from "@/lib/services/ingest/ingest-predictions";
import { recordGroundTruth } from "@/lib/services/ingest/record-ground-truth";
import { keyRoute, readJsonBody, type RouteDeps } from "../http";

// The services nudge the rollup refresher themselves once their batch has committed.
export const predictionsRoute = (deps: RouteDeps) => keyRoute(deps, async (ctx, request) => Response.json(await ingestPredictions(ctx, await readJsonBody(request))));

export const groundTruthRoute = (deps: RouteDeps) => keyRoute(deps, async (ctx, request) => Response.json(await recordGroundTruth(ctx, await readJsonBody(request))));
