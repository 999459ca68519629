import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { deleteMonitorRoute, getMonitorRoute, updateMonitorRoute } from "@/lib/api/routes/monitors";

export const dynamic = "force-dynamic";
export const GET = getMonitorRoute({ db: getDb, sessionUser: getSessionUser });
export const PUT = updateMonitorRoute({ db: getDb });
export const DELETE = deleteMonitorRoute({ db: getDb });
