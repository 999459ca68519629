import "server-only";
import { createModel, listModelsForApi, toApiModel } from "@/lib/services/models";
import { keyRoute, readJsonBody, serverDeps, type RouteDeps } from "../http";

export const createModelRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(toApiModel(await createModel(ctx, await readJsonBody(request))), { status: 201 }));

export const listModelsRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx) => Response.json({ models: await listModelsForApi(ctx) }));

