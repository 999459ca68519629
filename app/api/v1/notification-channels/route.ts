import { getDb } from "@/lib/db/client";
import { createChannelRoute } from "@/lib/api/routes/monitors";

export const dynamic = "force-dynamic";
export const POST = createChannelRoute({ db: getDb });
