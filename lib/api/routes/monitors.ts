import { authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import { createMonitor } from "@/lib/services/monitors/create-monitor";
import { updateMonitor } from "@/lib/services/monitors/update-monitor";
import { deleteMonitor } from "@/lib/services/monitors/delete-monitor";
import { getMonitor, listMonitors } from "@/lib/services/monitors/list-monitors";
import { evaluateMonitor } from "@/lib/services/monitors/evaluate-monitor";
import { listAlerts } from "@/lib/services/alerts/list-alerts";
import { createChannel } from "@/lib/services/notifications/create-channel";
import { checkUrlText, errorResponse, keyRoute, readerRoute, readJsonBody, type KeyContext, type ReaderDeps, type RouteDeps } from "../http";

// API.md "Monitors as code": writes need a key with the admin permission; reads take a key with
// `read` or the signed-in session (the Alerts badge and pages fetch them).

type IdParams = { id: string };

/** keyRoute for paths with parameters. */
function keyRouteWith<P>(deps: RouteDeps, handler: (ctx: KeyContext, request: Request, params: P) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      checkUrlText(request);
      const db = deps.db();
      const actor = await authenticateApiKey(db, request.headers.get("authorization"));
      return await handler({ db, actor }, request, await context.params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

const noStore = { "Cache-Control": "no-store" };
const query = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);

export const createChannelRoute = (deps: RouteDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(await createChannel(ctx, await readJsonBody(request)), { status: 201 }));

export const createMonitorRoute = (deps: RouteDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(await createMonitor(ctx, await readJsonBody(request)), { status: 201 }));

export const listMonitorsRoute = (deps: ReaderDeps) =>
  readerRoute<Record<string, never>>(deps, async (ctx, request) => Response.json({ monitors: await listMonitors(ctx, { model: query(request).model }) }, { headers: noStore }));

export const getMonitorRoute = (deps: ReaderDeps) =>
  readerRoute<IdParams>(deps, async (ctx, _request, params) => Response.json(await getMonitor(ctx, params.id), { headers: noStore }));

export const updateMonitorRoute = (deps: RouteDeps) =>
  keyRouteWith<IdParams>(deps, async (ctx, request, params) => Response.json(await updateMonitor(ctx, params.id, await readJsonBody(request))));

export const deleteMonitorRoute = (deps: RouteDeps) =>
  keyRouteWith<IdParams>(deps, async (ctx, _request, params) => {
    await deleteMonitor(ctx, params.id);
    return new Response(null, { status: 204 });
  });

export const evaluateMonitorRoute = (deps: RouteDeps) =>
  keyRouteWith<IdParams>(deps, async (ctx, _request, params) => Response.json(await evaluateMonitor(ctx, params.id)));

export const listAlertsRoute = (deps: ReaderDeps) =>
  readerRoute<Record<string, never>>(deps, async (ctx, request) => Response.json(await listAlerts(ctx, query(request)), { headers: noStore }));
