import "server-only";
import { and, eq, isNull, lt } from "drizzle-orm";
import { deployments } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { idsWithLiveJobs } from "@/lib/jobs/live-jobs";
import { QUEUES } from "@/lib/jobs/queues";

/**
 * Deployments to a webhook target that nobody is carrying out: still pending, not accepted by the
 * target, older than `graceMs`, and with no deploy job waiting, retrying or running. Their job was
 * never sent (a web process without a worker), ran before the deciding transaction committed, or
 * died with its worker past its retries.
 */
export async function findLostDeployments(db: Database, graceMs = 60_000): Promise<string[]> {
  const pending = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.status, "pending"), eq(deployments.target, "webhook"), isNull(deployments.acceptedAt), lt(deployments.createdAt, new Date(Date.now() - graceMs))));
  const live = await idsWithLiveJobs(db, QUEUES.deploy, "deploymentId", pending.map((d) => d.id));
  return pending.map((d) => d.id).filter((id) => !live.has(id));
}
