import { modelSlicesRoute } from "@/lib/api/routes/metrics";

export const dynamic = "force-dynamic";
export const GET = modelSlicesRoute();
