import { predictionsRoute } from "@/lib/api/routes/predictions";

export const dynamic = "force-dynamic";
export const POST = predictionsRoute();
