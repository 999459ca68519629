import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { prometheusRoute } from "@/lib/api/routes/prometheus";

export const dynamic = "force-dynamic";
export const GET = prometheusRoute({ db: getDb, sessionUser: getSessionUser });
