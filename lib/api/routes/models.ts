import "server-only";
import { createModel } from "@/lib/services/models/create-model";
import { listModelsForApi, toApiModel } from "@/lib/services/models/list-models-for-api";
import { keyRoute, readJsonBody, serverDeps, type RouteDeps } from "../http";

export const createModelRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(toApiModel(await createModel(ctx, await readJsonBody(request))), { status: 201 }));

export const listModelsRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx) => Response.json({ models: await listModelsForApi(ctx) }));

