import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { createMonitorRoute, listMonitorsRoute } from "@/lib/api/routes/monitors";

export const dynamic = "force-dynamic";
export const GET = listMonitorsRoute({ db: getDb, sessionUser: getSessionUser });
export const POST = createMonitorRoute({ db: getDb });
