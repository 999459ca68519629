import { registerVersionRoute } from "@/lib/api/routes/model-settings";

export const dynamic = "force-dynamic";
export const POST = registerVersionRoute();
