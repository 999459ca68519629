import { deploymentEventsRoute } from "@/lib/api/routes/deployments";

export const dynamic = "force-dynamic";
export const POST = deploymentEventsRoute();
