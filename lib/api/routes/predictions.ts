import "server-only";
import { ingestPredictions, recordGroundTruth } from "@/lib/services/ingest";
import { keyRoute, readJsonBody, serverDeps, type RouteDeps } from "../http";

// The services nudge the rollup refresher themselves once their batch has committed.

/** `POST /api/v1/predictions`: a batch of predictions (a key with `ingest`). */
export const predictionsRoute = (deps: RouteDeps = serverDeps) => keyRoute(deps, async (ctx, request) => Response.json(await ingestPredictions(ctx, await readJsonBody(request))));

/** `POST /api/v1/ground-truth`: late ground truth for stored predictions (a key with `ingest`). */
export const groundTruthRoute = (deps: RouteDeps = serverDeps) => keyRoute(deps, async (ctx, request) => Response.json(await recordGroundTruth(ctx, await readJsonBody(request))));
