import { listAlertsRoute } from "@/lib/api/routes/alerts";

export const dynamic = "force-dynamic";
export const GET = listAlertsRoute();
