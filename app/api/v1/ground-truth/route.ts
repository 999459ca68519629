import { getDb } from "@/lib/db/client";
import { groundTruthRoute } from "@/lib/api/routes/predictions";

export const dynamic = "force-dynamic";
export const POST = groundTruthRoute({ db: getDb });
