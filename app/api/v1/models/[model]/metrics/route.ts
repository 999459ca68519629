import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { modelMetricsRoute } from "@/lib/api/routes/metrics";

export const dynamic = "force-dynamic";
export const GET = modelMetricsRoute({ db: getDb, sessionUser: getSessionUser });
