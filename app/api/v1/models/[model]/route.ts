import { getModelRoute, patchModelRoute } from "@/lib/api/routes/model-settings";

export const dynamic = "force-dynamic";
export const GET = getModelRoute();
export const PATCH = patchModelRoute();
