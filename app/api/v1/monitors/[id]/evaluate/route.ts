import { evaluateMonitorRoute } from "@/lib/api/routes/monitors";

export const dynamic = "force-dynamic";
export const POST = evaluateMonitorRoute();
