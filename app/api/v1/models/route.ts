import { createModelRoute, listModelsRoute } from "@/lib/api/routes/models";

export const dynamic = "force-dynamic";
export const GET = listModelsRoute();
export const POST = createModelRoute();
