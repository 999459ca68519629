import { createMonitorRoute, listMonitorsRoute } from "@/lib/api/routes/monitors";

export const dynamic = "force-dynamic";
export const GET = listMonitorsRoute();
export const POST = createMonitorRoute();
