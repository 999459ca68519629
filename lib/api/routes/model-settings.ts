import "server-only";
import { getModelSettings, patchModel } from "@/lib/services/models";
import { registerVersion } from "@/lib/services/registry";
import { keyRoute, readerRoute, readJsonBody, serverDeps, type ReaderDeps, type RouteDeps } from "../http";

// API.md "Models, for set-up scripts" and "Training pipelines call back": a model with its
// settings, their changes, and versions trained outside Vigil.

type ModelParams = { model: string };
const noStore = { "Cache-Control": "no-store" };

export const getModelRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute<ModelParams>(deps, async (ctx, _request, params) => Response.json(await getModelSettings(ctx, params.model), { headers: noStore }));

export const patchModelRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute<ModelParams>(deps, async (ctx, request, params) => Response.json(await patchModel(ctx, params.model, await readJsonBody(request))));

export const registerVersionRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute<ModelParams>(deps, async (ctx, request, params) => Response.json(await registerVersion(ctx, params.model, await readJsonBody(request)), { status: 201 }));
