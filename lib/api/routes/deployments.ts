import "server-only";
import { recordDeploymentEvent } from "@/lib/services/deploys";
import { readJsonBody, serverDeps, tokenRoute, type RouteDeps } from "../http";

/** `POST /api/v1/deployments/{id}/events`: a deploy target reports, with the deployment's own token. */
export const deploymentEventsRoute = (deps: RouteDeps = serverDeps) =>
  tokenRoute<{ deployment: string }>(deps, async (db, request, { deployment }) =>
    Response.json(await recordDeploymentEvent(db, deployment, request.headers.get("authorization"), await readJsonBody(request, 64 * 1024))),
  );
