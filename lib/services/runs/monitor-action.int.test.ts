import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { deployRequests, modelPipelines, modelVersions, retrainRuns, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { syntheticExamples } from "@/test/training";
import { searchAudit } from "../audit";
import { startRetrainRun } from "./start-retrain-run";
import { runBuiltInTraining } from "./run-built-in-training";
import { handleMonitorAction, handleMonitorActionJob, resumeMonitorActions } from "./handle-monitor-action";
import { sql } from "drizzle-orm";
import { alertEvents, alerts } from "@/lib/db/schema";
import { createMonitor } from "../monitors";

let t: TestDatabase;
let modelId: string;
const MONITOR = "11111111-1111-4111-8111-111111111111";

beforeAll(async () => {
  t = await createTestDatabase();
  modelId = (await createBinaryModel(t.db, "spam-filter")).id;
  await t.db.insert(modelPipelines).values({ modelId, trainer: "built-in", deployPolicy: "auto", autoMargin: 0, autoMinN: 1, rollbackMonitorId: MONITOR, rollbackWindowMinutes: 30 });
  await t.db.insert(trainingExamples).values(syntheticExamples(modelId, 300));
});
afterAll(async () => t.drop());

const production = async () => (await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production"))))[0]?.name;

describe("what a firing monitor does", () => {
  it("propose-retrain starts a monitor run whose candidate waits for an approver, even under the auto policy", async () => {
    const result = await handleMonitorAction(t.db, { modelId, alertId: "alert-1", monitorId: "22222222-2222-4222-8222-222222222222", policy: "propose-retrain" });
    expect(result).toMatchObject({ rolledBack: false, run: { started: true } });
    const [run] = await t.db.select().from(retrainRuns).where(eq(retrainRuns.id, result.run!.id));
    expect(run).toMatchObject({ trigger: "monitor", alertId: "alert-1", autoDeploy: "never" });
    // The same alert handled twice starts nothing new.
    expect((await handleMonitorAction(t.db, { modelId, alertId: "alert-1", monitorId: "22222222-2222-4222-8222-222222222222", policy: "propose-retrain" })).run).toMatchObject({ id: run!.id, started: false });
    await runBuiltInTraining(t.db, run!.id, { epochs: 2 });
    const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run!.id));
    expect(request).toMatchObject({ status: "pending", reason: expect.stringContaining("proposes") });
    expect(await production()).toBeUndefined();
  });

  it("auto-retrain-deploy lets the model's policy deploy; the chosen monitor firing soon after rolls it back", async () => {
    const first = await startRetrainRun(systemContext(t.db, "test"), { model: "spam-filter" });
    await runBuiltInTraining(t.db, first.run.id, { epochs: 2 }); // v2 deploys (auto, no production yet)
    expect(await production()).toBe("v2");
    const fired = await handleMonitorAction(t.db, { modelId, alertId: "alert-2", monitorId: "33333333-3333-4333-8333-333333333333", policy: "auto-retrain-deploy" });
    await runBuiltInTraining(t.db, fired.run!.id, { epochs: 2 }); // v3 ties v2; margin 0 deploys it
    expect(await production()).toBe("v3");

    // Another monitor firing does not roll back; the chosen one, within 30 minutes, does.
    expect((await handleMonitorAction(t.db, { modelId, alertId: "alert-3", monitorId: "44444444-4444-4444-8444-444444444444", policy: "notify" })).rolledBack).toBe(false);
    expect((await handleMonitorAction(t.db, { modelId, alertId: "alert-4", monitorId: MONITOR, policy: "notify", firedAt: new Date(Date.now() + 31 * 60_000) })).rolledBack).toBe(false);
    expect((await handleMonitorAction(t.db, { modelId, alertId: "alert-5", monitorId: MONITOR, policy: "notify" })).rolledBack).toBe(true);
    expect(await production()).toBe("v2");

    const admin = await actingAs(t.db, "admin");
    const page = await searchAudit(admin, { model: "spam-filter", action: "version.rolled" });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ actorLabel: expect.stringContaining("automatic rollback"), modelSlug: "spam-filter" });
    expect((await searchAudit(admin, { person: "automatic rollback" })).entries.map((e) => e.action)).toEqual(["rollback.comment", "version.rolled_back"]);
    expect((await searchAudit(admin, { model: "spam-filter", from: "2000-01-01", to: "2000-01-02" })).entries).toEqual([]);
    await expect(searchAudit(await actingAs(t.db, "viewer"), {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("the monitor-action job's body ({alertId, monitorId, policy}) is enough, and a request no job carried out is resumed", async () => {
    const monitor = await createMonitor(systemContext(t.db, "test"), {
      model: "spam-filter", name: "spam share", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 1, forEvaluations: 1, severity: "critical", policy: "propose-retrain",
    });
    // Let the earlier tests' runs end: a model retrains one run at a time.
    await t.db.update(retrainRuns).set({ status: "cancelled" }).where(sql`status in ('queued', 'running')`);
    const firedAt = new Date();
    const [alert] = await t.db.insert(alerts).values({ monitorId: monitor.id, modelId, severity: "critical", firedAt }).returning();
    await t.db.insert(alertEvents).values({ alertId: alert!.id, type: "action_requested", actor: "system", details: { policy: "propose-retrain" } });

    expect(await handleMonitorActionJob(t.db, { alertId: "66666666-6666-4666-8666-666666666666", monitorId: monitor.id, policy: "propose-retrain" })).toMatchObject({ run: null, refused: expect.stringContaining("not found") });
    // No job ran for the alert (no queue at the time): the sweep starts its run, once.
    expect(await resumeMonitorActions(t.db)).toBe(1);
    expect(await resumeMonitorActions(t.db)).toBe(0);
    const [run] = await t.db.select().from(retrainRuns).where(eq(retrainRuns.alertId, alert!.id));
    expect(run).toMatchObject({ modelId, trigger: "monitor", autoDeploy: "never", monitorId: monitor.id });
    // The job arriving late changes nothing: the run is the same.
    expect((await handleMonitorActionJob(t.db, { alertId: alert!.id, monitorId: monitor.id, policy: "propose-retrain" })).run).toMatchObject({ id: run!.id, started: false });
  });
});
