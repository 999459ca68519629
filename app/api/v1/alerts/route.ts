import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { listAlertsRoute } from "@/lib/api/routes/monitors";

export const dynamic = "force-dynamic";
export const GET = listAlertsRoute({ db: getDb, sessionUser: getSessionUser });
