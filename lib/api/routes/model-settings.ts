import { getModelSettings } from "@/lib/services/models/get-model-settings";
import { patchModel } from "@/lib/services/models/patch-model";
import { registerVersion } from "@/lib/services/registry/register-version";
import { keyRoute, readerRoute, readJsonBody, type ReaderDeps, type RouteDeps } from "../http";

// API.md "Models, for set-up scripts" and "Training pipelines call back": a model with its
// settings, their changes, and versions trained outside Vigil.

type ModelParams = { model: string };
const noStore = { "Cache-Control": "no-store" };

export const getModelRoute = (deps: ReaderDeps) =>
  readerRoute<ModelParams>(deps, async (ctx, _request, params) => Response.json(await getModelSettings(ctx, params.model), { headers: noStore }));

export const patchModelRoute = (deps: RouteDeps) => (request: Request, context: { params: Promise<ModelParams> }) =>
  keyRoute(deps, async (ctx, req) => Response.json(await patchModel(ctx, (await context.params).model, await readJsonBody(req))))(request);

export const registerVersionRoute = (deps: RouteDeps) => (request: Request, context: { params: Promise<ModelParams> }) =>
  keyRoute(deps, async (ctx, req) => Response.json(await registerVersion(ctx, (await context.params).model, await readJsonBody(req)), { status: 201 }))(request);
