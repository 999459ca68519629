import "server-only";
import { servePredictions } from "@/lib/services/registry";
import { keyRoute, readJsonBody, serverDeps, type RouteDeps } from "../http";

/** `POST /api/v1/models/{model}/predict`: the production version of a built-in model answers. */
export const predictRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute<{ model: string }>(deps, async (ctx, request, { model }) => {
    const result = await servePredictions(ctx, model, await readJsonBody(request, 4 * 1024 * 1024));
    return Response.json({ model: result.model, version: result.version, predictions: result.predictions });
  });
