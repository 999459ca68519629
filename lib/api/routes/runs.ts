import { recordRunEvent } from "@/lib/services/runs/record-run-event";
import { checkUrlText, errorResponse, readJsonBody, type RouteDeps } from "../http";

/** `POST /api/v1/runs/{run}/events`: a pipeline reports, with the run's own token (not an API key). */
export const runEventsRoute = (deps: RouteDeps) => async (request: Request, context: { params: Promise<{ run: string }> }) => {
  try {
    checkUrlText(request);
    const { run } = await context.params;
    const db = deps.db();
    return Response.json(await recordRunEvent(db, run, request.headers.get("authorization"), await readJsonBody(request, 1024 * 1024)));
  } catch (error) {
    return errorResponse(error);
  }
};
