import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { getModelRoute, patchModelRoute } from "@/lib/api/routes/model-settings";

export const dynamic = "force-dynamic";
export const GET = getModelRoute({ db: getDb, sessionUser: getSessionUser });
export const PATCH = patchModelRoute({ db: getDb });
