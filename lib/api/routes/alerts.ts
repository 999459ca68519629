import "server-only";
import { listAlerts } from "@/lib/services/alerts";
import { readerRoute, serverDeps, type ReaderDeps } from "../http";

/** `GET /api/v1/alerts`: a key with `read`, or the signed-in session (the Alerts badge and page poll it). */
export const listAlertsRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute(deps, async (ctx, request) => Response.json(await listAlerts(ctx, Object.fromEntries(new URL(request.url).searchParams)), { headers: { "Cache-Control": "no-store" } }));
