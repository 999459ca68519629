import { createModel } from "@/lib/services/models/create-model";
import { listModelsForApi, toApiModel } from "@/lib/services/models/list-models-for-api";
import { setSegmentFeatures } from "@/lib/services/models/set-segment-features";
import { keyRoute, readJsonBody, type RouteDeps } from "../http";

export const createModelRoute = (deps: RouteDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(toApiModel(await createModel(ctx, await readJsonBody(request))), { status: 201 }));

export const listModelsRoute = (deps: RouteDeps) =>
  keyRoute(deps, async (ctx) => Response.json({ models: await listModelsForApi(ctx) }));

/** PATCH /api/v1/models/{model}: for now only `segmentFeatures` (lib/models/schemas.ts). */
export const updateModelRoute = (deps: RouteDeps) => (request: Request, context: { params: Promise<{ model: string }> }) =>
  keyRoute(deps, async (ctx, req) => {
    const body = await readJsonBody(req);
    const model = await setSegmentFeatures(ctx, { ...(body && typeof body === "object" && !Array.isArray(body) ? body : {}), slug: (await context.params).model });
    return Response.json({ ...toApiModel(model), segmentFeatures: model.segmentFeatures });
  })(request);
