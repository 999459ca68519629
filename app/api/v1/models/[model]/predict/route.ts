import { predictRoute } from "@/lib/api/routes/serving";

export const dynamic = "force-dynamic";
export const POST = predictRoute();
