import { servePredictions } from "@/lib/services/registry/serve-predictions";
import { keyRoute, readJsonBody, type RouteDeps } from "../http";

/** `POST /api/v1/models/{model}/predict`: the production version of a built-in model answers. */
export const predictRoute = (deps: RouteDeps) => (request: Request, context: { params: Promise<{ model: string }> }) =>
  keyRoute(deps, async (ctx, req) => {
    const { model } = await context.params;
    const result = await servePredictions(ctx, model, await readJsonBody(req, 4 * 1024 * 1024));
    return Response.json({ model: result.model, version: result.version, predictions: result.predictions });
  })(request);
