import "server-only";
import { claimItems, submitLabels, renewClaim } from "@/lib/services/labelling";
import { keyRoute, readJsonBody, serverDeps, type RouteDeps } from "../http";

/** `POST /api/v1/labelling/claim`: items for an outside labelling tool, claimed as the key's name. */
export const claimRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(await claimItems(ctx, await readJsonBody(request)), { headers: { "Cache-Control": "no-store" } }));

/** `POST /api/v1/labelling/labels`: labels for claimed items. */
export const labelsRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(await submitLabels(ctx, await readJsonBody(request))));

/** `POST /api/v1/labelling/renew`: more time on an item this key holds, while its labeller works. */
export const renewRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(await renewClaim(ctx, await readJsonBody(request)), { headers: { "Cache-Control": "no-store" } }));
