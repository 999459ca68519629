import "server-only";
import { z } from "zod";
import { listRuns } from "@/lib/services/runs";
import { parseInput } from "@/lib/services/validation";
import { readerRoute, serverDeps, type ReaderDeps } from "../http";

const RunsQuery = z.object({ model: z.string().min(1), limit: z.coerce.number().int().min(1).max(100).optional() });

/** `GET /api/v1/runs?model=…`: a model's latest runs with progress and logs (API key with read, or a session; the runs page polls it). */
export const runsListRoute = (deps: ReaderDeps = serverDeps) =>
  readerRoute(deps, async (ctx, request) => {
    const query = parseInput(RunsQuery, Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(await listRuns(ctx, query.model, { limit: query.limit }));
  });
