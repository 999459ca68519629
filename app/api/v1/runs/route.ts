import { runsListRoute } from "@/lib/api/routes/runs-list";

export const dynamic = "force-dynamic";
export const GET = runsListRoute();
