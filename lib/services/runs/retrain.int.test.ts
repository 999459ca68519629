import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, deployRequests, modelPipelines, modelVersions, retrainRuns, runLogs, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { startRetrainRun } from "./start-retrain-run";
import { RunStopped, runBuiltInTraining } from "./run-built-in-training";
import { cancelRun } from "./cancel-run";
import { syntheticExamples } from "@/test/training";

let t: TestDatabase;
let modelId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  modelId = (await createBinaryModel(t.db, "spam-filter")).id;
  await t.db.insert(modelPipelines).values({ modelId, trainer: "built-in", deployPolicy: "approval" });
  await t.db.insert(trainingExamples).values(syntheticExamples(modelId, 300));
});
afterAll(async () => t.drop());

const versionsOf = () => t.db.select().from(modelVersions).where(eq(modelVersions.modelId, modelId));
const runOf = async (id: string) => (await t.db.select().from(retrainRuns).where(eq(retrainRuns.id, id)))[0]!;

describe("retrain runs", () => {
  it("refuses viewers, and a second start while one runs answers the same run", async () => {
    const viewer = await actingAs(t.db, "viewer");
    await expect(startRetrainRun(viewer, { model: "spam-filter" })).rejects.toMatchObject({ code: "forbidden" });
    const approver = await actingAs(t.db, "approver");
    const first = await startRetrainRun(approver, { model: "spam-filter" });
    const second = await startRetrainRun(systemContext(t.db, "monitor"), { model: "spam-filter", trigger: "monitor" });
    expect(first.started).toBe(true);
    expect(second).toMatchObject({ started: false, run: { id: first.run.id } });
    await cancelRun(approver, { runId: first.run.id });
    expect((await runOf(first.run.id)).status).toBe("cancelled");
    // A cancelled run's job does nothing.
    expect(await runBuiltInTraining(t.db, first.run.id, { epochs: 2 })).toEqual({ outcome: "skipped" });
  });

  it("a worker killed mid-run is retried: one run, one version, never half-registered", async () => {
    const { run } = await startRetrainRun(systemContext(t.db, "scheduler"), { model: "spam-filter", trigger: "schedule" });
    // The first attempt dies after two of four epochs: its signal reads "aborted" from the third
    // epoch on, as when the worker shuts down (a killed process stops anywhere; pg-boss retries).
    let checks = 0;
    const dying = { get aborted() { return ++checks > 2; } } as AbortSignal;
    await expect(runBuiltInTraining(t.db, run.id, { epochs: 4, signal: dying })).rejects.toBeInstanceOf(RunStopped);
    expect((await runOf(run.id)).progress).toBeCloseTo(0.45); // two epochs of four, of the 90% training takes
    expect(await runOf(run.id)).toMatchObject({ status: "running", attempts: 1 });
    expect(await versionsOf()).toHaveLength(0);

    // pg-boss runs the job again: it trains from the start and finishes.
    const retried = await runBuiltInTraining(t.db, run.id, { epochs: 4 });
    expect(retried.outcome).toBe("succeeded");
    // A third delivery of the same job (a duplicate) changes nothing.
    expect(await runBuiltInTraining(t.db, run.id, { epochs: 4 })).toEqual({ outcome: "skipped" });

    const versions = await versionsOf();
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ name: "v1", status: "candidate", source: "built-in", runId: run.id });
    expect(versions[0]!.metrics.accuracy).toBeGreaterThan(0.9);
    expect(await runOf(run.id)).toMatchObject({ status: "succeeded", progress: 1, attempts: 2 });
    const logs = await t.db.select().from(runLogs).where(eq(runLogs.runId, run.id));
    expect(logs.map((l) => l.message)).toContainEqual(expect.stringContaining("Attempt 2"));
    // Under the approval policy the candidate waits for an approver.
    const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run.id));
    expect(request).toMatchObject({ status: "pending", approvalsRequired: 1 });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, run.id)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["run.started", "run.succeeded"]));
  });

  it("a run cancelled while training stops at its next epoch and registers nothing", async () => {
    const approver = await actingAs(t.db, "approver");
    const { run } = await startRetrainRun(approver, { model: "spam-filter" });
    const before = (await versionsOf()).length;
    const training = runBuiltInTraining(t.db, run.id, { epochs: 500 });
    // Wait until training is under way (its first epoch stored), then cancel from the page's action.
    while ((await runOf(run.id)).progress === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await cancelRun(approver, { runId: run.id });
    expect(await training).toEqual({ outcome: "cancelled" });
    expect(await runOf(run.id)).toMatchObject({ status: "cancelled" });
    expect((await runOf(run.id)).progress).toBeLessThan(0.9);
    expect(await versionsOf()).toHaveLength(before);
    await expect(cancelRun(approver, { runId: run.id })).rejects.toMatchObject({ code: "conflict" });
  });
});
