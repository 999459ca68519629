import { deleteMonitorRoute, getMonitorRoute, updateMonitorRoute } from "@/lib/api/routes/monitors";

export const dynamic = "force-dynamic";
export const GET = getMonitorRoute();
export const PUT = updateMonitorRoute();
export const DELETE = deleteMonitorRoute();
