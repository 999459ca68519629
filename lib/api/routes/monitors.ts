import "server-only";
import { createMonitor, updateMonitor, deleteMonitor, getMonitor, listMonitors, evaluateMonitor } from "@/lib/services/monitors";
import { keyRoute, readerRoute, readJsonBody, serverDeps, type ReaderDeps, type RouteDeps } from "../http";

// API.md "Monitors as code": writes need a key with the admin permission; reads take a key with
// `read` or the signed-in session (the monitor pages fetch them).

type IdParams = { id: string };

const noStore = { "Cache-Control": "no-store" };

export const createMonitorRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(await createMonitor(ctx, await readJsonBody(request)), { status: 201 }));

export const listMonitorsRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute(deps, async (ctx, request) => Response.json({ monitors: await listMonitors(ctx, { model: Object.fromEntries(new URL(request.url).searchParams).model }) }, { headers: noStore }));

export const getMonitorRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute<IdParams>(deps, async (ctx, _request, params) => Response.json(await getMonitor(ctx, params.id), { headers: noStore }));

export const updateMonitorRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute<IdParams>(deps, async (ctx, request, params) => Response.json(await updateMonitor(ctx, params.id, await readJsonBody(request))));

export const deleteMonitorRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute<IdParams>(deps, async (ctx, _request, params) => {
    await deleteMonitor(ctx, params.id);
    return new Response(null, { status: 204 });
  });

export const evaluateMonitorRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute<IdParams>(deps, async (ctx, _request, params) => Response.json(await evaluateMonitor(ctx, params.id)));
