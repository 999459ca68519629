import "server-only";
import { eq } from "drizzle-orm";
import { retrainRuns } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { runBuiltInTraining } from "./run-built-in-training";
import { triggerExternalRun } from "./call-pipeline";

/** The retrain job: the built-in trainer trains here; an external pipeline is called and reports back. */
export async function runRetrainJob(db: Database, runId: string, options: { signal?: AbortSignal } = {}) {
  const [run] = await db.select({ trainer: retrainRuns.trainer }).from(retrainRuns).where(eq(retrainRuns.id, runId));
  if (!run) return { outcome: "skipped" };
  return run.trainer === "built-in" ? runBuiltInTraining(db, runId, { signal: options.signal }) : triggerExternalRun(db, runId);
}
