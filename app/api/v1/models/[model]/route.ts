import { getDb } from "@/lib/db/client";
import { updateModelRoute } from "@/lib/api/routes/models";

export const dynamic = "force-dynamic";
export const PATCH = updateModelRoute({ db: getDb });
