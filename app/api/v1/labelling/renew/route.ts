import { renewRoute } from "@/lib/api/routes/labelling";

export const dynamic = "force-dynamic";
export const POST = renewRoute();
