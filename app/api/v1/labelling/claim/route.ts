import { claimRoute } from "@/lib/api/routes/labelling";

export const dynamic = "force-dynamic";
export const POST = claimRoute();
