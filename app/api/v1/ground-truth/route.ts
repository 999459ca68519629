import { groundTruthRoute } from "@/lib/api/routes/predictions";

export const dynamic = "force-dynamic";
export const POST = groundTruthRoute();
