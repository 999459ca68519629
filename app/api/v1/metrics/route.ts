import { prometheusRoute } from "@/lib/api/routes/prometheus";

export const dynamic = "force-dynamic";
export const GET = prometheusRoute();
