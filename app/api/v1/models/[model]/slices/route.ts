import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { modelSlicesRoute } from "@/lib/api/routes/metrics";

export const dynamic = "force-dynamic";
export const GET = modelSlicesRoute({ db: getDb, sessionUser: getSessionUser });
