import { recordDeploymentEvent } from "@/lib/services/deploys/deploy-via-webhook";
import { checkUrlText, errorResponse, readJsonBody, type RouteDeps } from "../http";

/** `POST /api/v1/deployments/{id}/events`: a deploy target reports, with the deployment's own token. */
export const deploymentEventsRoute = (deps: RouteDeps) => async (request: Request, context: { params: Promise<{ deployment: string }> }) => {
  try {
    checkUrlText(request);
    const { deployment } = await context.params;
    return Response.json(await recordDeploymentEvent(deps.db(), deployment, request.headers.get("authorization"), await readJsonBody(request, 64 * 1024)));
  } catch (error) {
    return errorResponse(error);
  }
};
