import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { runsListRoute } from "@/lib/api/routes/runs-list";

export const dynamic = "force-dynamic";
export const GET = runsListRoute({ db: getDb, sessionUser: getSessionUser });
