import { getDb } from "@/lib/db/client";
import { createModelRoute, listModelsRoute } from "@/lib/api/routes/models";

export const dynamic = "force-dynamic";
export const GET = listModelsRoute({ db: getDb });
export const POST = createModelRoute({ db: getDb });
