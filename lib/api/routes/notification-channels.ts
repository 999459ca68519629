import "server-only";
import { createChannel } from "@/lib/services/notifications";
import { keyRoute, readJsonBody, serverDeps, type RouteDeps } from "../http";

/** `POST /api/v1/notification-channels`: a key with the admin permission (API.md "Monitors as code"). */
export const createChannelRoute = (deps: RouteDeps = serverDeps) =>
  keyRoute(deps, async (ctx, request) => Response.json(await createChannel(ctx, await readJsonBody(request)), { status: 201 }));
