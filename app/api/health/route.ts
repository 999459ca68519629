import { checkDatabase } from "@/lib/services/health";

export const dynamic = "force-dynamic";

/** For load balancers and the start script: 200 when the database answers. */
export async function GET() {
  const healthy = await checkDatabase();
  return Response.json({ status: healthy ? "ok" : "database unavailable" }, { status: healthy ? 200 : 503 });
}
