import { runEventsRoute } from "@/lib/api/routes/runs";

export const dynamic = "force-dynamic";
export const POST = runEventsRoute();
