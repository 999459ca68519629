import "server-only";
import { recordRunEvent } from "@/lib/services/runs";
import { readJsonBody, serverDeps, tokenRoute, type RouteDeps } from "../http";

/** `POST /api/v1/runs/{run}/events`: a pipeline reports, with the run's own token (not an API key). */
export const runEventsRoute = (deps: RouteDeps = serverDeps) =>
  tokenRoute<{ run: string }>(deps, async (db, request, { run }) => Response.json(await recordRunEvent(db, run, request.headers.get("authorization"), await readJsonBody(request, 1024 * 1024))));
