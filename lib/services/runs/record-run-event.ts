import "server-only";
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { retrainRuns, runLogs } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { RunEvent } from "@/lib/registry/schemas";
import { hashRunToken } from "@/lib/registry/signing";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { isUniqueViolation } from "../postgres-errors";
import { failRun, finishRunWithVersion } from "./finish-run";

/**
 * `POST /api/v1/runs/{run}/events` from a pipeline, authenticated by the run's own token (not an
 * API key): progress, log lines, success with the new version, or failure. Events for a run that
 * has ended are refused with 409, so a cancelled run registers nothing.
 */
export async function recordRunEvent(db: Database, runId: string, authorization: string | null, body: unknown) {
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!token) throw new ServiceError("unauthorized", "Send the run's token as `Authorization: Bearer <token>`.");
  const [run] = /^[0-9a-f-]{36}$/i.test(runId) ? await db.select().from(retrainRuns).where(eq(retrainRuns.id, runId)) : [];
  if (!run) throw new ServiceError("not_found", "There is no such run.");
  const expected = Buffer.from(run.tokenHash ?? "");
  const given = Buffer.from(hashRunToken(token));
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw new ServiceError("unauthorized", "This token does not belong to this run.");
  const event = parseInput(RunEvent, body);
  if (run.status !== "queued" && run.status !== "running") throw new ServiceError("conflict", `This run has already ${run.status === "cancelled" ? "been cancelled" : run.status}.`);
  const actor = { type: "system", label: `pipeline of run ${run.id.slice(0, 8)}` } as const;

  switch (event.type) {
    case "progress": {
      await db
        .update(retrainRuns)
        .set({ progress: event.progress, status: "running", startedAt: sql`coalesce(${retrainRuns.startedAt}, now())`, ...(event.message ? { message: event.message } : {}) })
        .where(and(eq(retrainRuns.id, runId), sql`${retrainRuns.status} in ('queued', 'running')`));
      if (event.message || event.metrics) await db.insert(runLogs).values({ runId, message: [event.message, event.metrics ? JSON.stringify(event.metrics) : ""].filter(Boolean).join(" ") });
      return { status: "running" };
    }
    case "log":
      await db.insert(runLogs).values({ runId, message: event.message, level: event.level });
      return { status: run.status };
    case "failed":
      await failRun(db, actor, runId, event.message);
      return { status: "failed" };
    case "succeeded": {
      try {
        // No held-out comparison: Vigil cannot score an outside artifact, so an approver decides.
        const version = { name: event.version.name, artifactUri: event.version.artifactUri, metrics: event.version.metrics, source: "pipeline" as const };
        const finished = await finishRunWithVersion(db, actor, runId, version, () => null);
        if (!finished) throw new ServiceError("conflict", "This run has already ended.");
        return { status: "succeeded", version: finished.version.name, deployRequest: finished.request.request.id };
      } catch (error) {
        if (isUniqueViolation(error)) throw new ServiceError("conflict", `The model already has a version named ${event.version.name}.`);
        throw error;
      }
    }
  }
}
