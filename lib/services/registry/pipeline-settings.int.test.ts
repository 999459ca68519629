import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { auditLog, monitors, retrainRuns } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { allowLoopbackReceivers, refuseLoopbackReceivers, startReceiver } from "@/test/receiver";
import { startRetrainRun, triggerExternalRun } from "../runs";
import { updatePipelineConnections } from "./update-pipeline-connections";
import { updatePipelinePolicy } from "./update-pipeline-policy";
import { getPipeline } from "./get-pipeline";

// Issue #13: an approver pointed the Prefect URL at their own server with an empty secret (which
// kept the stored one) and received `Authorization: Bearer <the admin's key>` on the next retrain.
// Where Vigil sends things is now the admins' alone, and a new destination never inherits a secret.

let t: TestDatabase;
let prefect: Awaited<ReturnType<typeof startReceiver>>;
let attacker: Awaited<ReturnType<typeof startReceiver>>;
const PREFECT_KEY = "pnu_the-admins-prefect-key-0123456789";

beforeAll(async () => {
  t = await createTestDatabase();
  prefect = await startReceiver();
  attacker = await startReceiver();
});
afterAll(async () => {
  await prefect.close();
  await attacker.close();
  await t.drop();
});

const connections = (model: string, apiUrl: string, extra: Record<string, unknown> = {}) => ({
  model, trainer: "prefect", prefectApiUrl: apiUrl, prefectDeploymentId: "dep-1", deployTarget: "built-in", ...extra,
});
async function insertMonitor(modelId: string) {
  const [monitor] = await t.db
    .insert(monitors)
    .values({ modelId, name: `volume ${Math.random()}`, metric: "volume", window: "1h", comparison: "below", threshold: 1, minN: 1, severity: "critical", policy: "notify" })
    .returning();
  return monitor!.id;
}
const policy = (model: string, extra: Record<string, unknown> = {}) => ({
  model, schedule: "0 3 * * 1", dataWindowDays: 14, deployPolicy: "approval", approvalsRequired: 2, autoMargin: 0.01, autoMinN: 200, rollbackMonitorId: null, ...extra,
});

/** Starts a retrain and returns what the pipeline's receiver got, or nothing. */
async function retrain(model: string) {
  prefect.received.length = 0;
  attacker.received.length = 0;
  const { run } = await startRetrainRun(systemContext(t.db, "test"), { model });
  await triggerExternalRun(t.db, run.id);
  await t.db.update(retrainRuns).set({ status: "cancelled" }).where(eq(retrainRuns.id, run.id));
  return { prefect: prefect.received[0], attacker: attacker.received[0] };
}

const lastAudit = async (modelId: string, action: string) =>
  (await t.db.select().from(auditLog).where(and(eq(auditLog.modelId, modelId), eq(auditLog.action, action))).orderBy(desc(auditLog.id)).limit(1))[0];

describe("an approver and the pipeline's destination", () => {
  it("cannot point the Prefect URL anywhere, with or without a secret; the admin's key still goes only to Prefect", async () => {
    const model = await createBinaryModel(t.db, "theft");
    const admin = await actingAs(t.db, "admin");
    const approver = await actingAs(t.db, "approver");
    await updatePipelineConnections(admin, connections("theft", `${prefect.url}/api`, { trainerSecret: PREFECT_KEY }));

    // The attack as the issue tells it: the attacker's URL and an empty secret.
    await expect(updatePipelineConnections(approver, connections("theft", `${attacker.url}/api`, { trainerSecret: "" }))).rejects.toMatchObject({ code: "forbidden" });
    await expect(updatePipelineConnections(approver, connections("theft", `${attacker.url}/api`, { trainerSecret: "mine" }))).rejects.toMatchObject({ code: "forbidden" });
    expect((await getPipeline(t.db, model.id)).trainerConfig.apiUrl).toBe(`${prefect.url}/api`);

    const sent = await retrain("theft");
    expect(sent.attacker).toBeUndefined();
    expect(sent.prefect?.headers.authorization).toBe(`Bearer ${PREFECT_KEY}`);
  });

  it("keeps what is theirs: schedule, window, policy and rollback, audited, without touching where runs go or their secrets", async () => {
    const model = await createBinaryModel(t.db, "approver-policy");
    const admin = await actingAs(t.db, "admin");
    const approver = await actingAs(t.db, "approver");
    await updatePipelineConnections(admin, connections("approver-policy", `${prefect.url}/api`, { trainerSecret: PREFECT_KEY }));
    const before = await getPipeline(t.db, model.id);
    const monitor = await insertMonitor(model.id);

    await updatePipelinePolicy(approver, policy("approver-policy", { rollbackMonitorId: monitor, rollbackWindowMinutes: 30 }));
    const after = await getPipeline(t.db, model.id);
    expect(after).toMatchObject({ schedule: "0 3 * * 1", dataWindowDays: 14, approvalsRequired: 2, rollbackMonitorId: monitor, rollbackWindowMinutes: 30 });
    expect({ trainer: after.trainer, trainerConfig: after.trainerConfig, trainerSecret: after.trainerSecret }).toEqual({ trainer: before.trainer, trainerConfig: before.trainerConfig, trainerSecret: before.trainerSecret });
    expect(await lastAudit(model.id, "pipeline.policy_updated")).toMatchObject({
      actorId: approver.actor.id,
      details: { from: { schedule: null, approvalsRequired: 1 }, to: { schedule: "0 3 * * 1", approvalsRequired: 2 } },
    });
    // A rollback monitor is one of this model's own: another model's, or an id that names nothing, is refused.
    const elsewhere = await insertMonitor((await createBinaryModel(t.db, "elsewhere")).id);
    for (const rollbackMonitorId of [elsewhere, "mon-1", "00000000-0000-4000-8000-000000000000"]) {
      await expect(updatePipelinePolicy(approver, policy("approver-policy", { rollbackMonitorId }))).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { rollbackMonitorId: ["Choose one of this model's monitors"] } });
    }
    expect((await getPipeline(t.db, model.id)).rollbackMonitorId).toBe(monitor);
    // Viewers and annotators change neither half.
    const viewer = await actingAs(t.db, "viewer");
    await expect(updatePipelinePolicy(viewer, policy("approver-policy"))).rejects.toMatchObject({ code: "forbidden" });
    await expect(updatePipelineConnections(viewer, connections("approver-policy", `${prefect.url}/api`))).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("an admin changing where a secret goes", () => {
  it("clears the stored Prefect key when the URL changes without a new one, and says so in the audit log", async () => {
    const model = await createBinaryModel(t.db, "moved");
    const admin = await actingAs(t.db, "admin");
    await updatePipelineConnections(admin, connections("moved", `${prefect.url}/api`, { trainerSecret: PREFECT_KEY }));

    const moved = await updatePipelineConnections(admin, connections("moved", `${attacker.url}/api`, { trainerSecret: "" }));
    expect(moved.secrets).toEqual({ trainerSecret: "cleared", deployWebhookSecret: "none" });
    expect((await getPipeline(t.db, model.id)).trainerSecret).toBeNull();
    const sent = await retrain("moved");
    expect(sent.attacker).toBeDefined();
    expect(sent.attacker!.headers.authorization).toBeUndefined();
    expect(await lastAudit(model.id, "pipeline.connections_updated")).toMatchObject({
      actorId: admin.actor.id,
      details: { from: { trainer: "prefect", trainerUrl: `${prefect.url}/api` }, to: { trainer: "prefect", trainerUrl: `${attacker.url}/api` }, secrets: { trainerSecret: "cleared" } },
    });
    const audit = JSON.stringify(await t.db.select().from(auditLog).where(eq(auditLog.modelId, model.id)));
    expect(audit).not.toContain(PREFECT_KEY);
  });

  it("keeps the key for the same destination (another deployment id, the host's case), replaces it when a new one comes along", async () => {
    const model = await createBinaryModel(t.db, "kept");
    const admin = await actingAs(t.db, "admin");
    await updatePipelineConnections(admin, connections("kept", `${prefect.url}/api`, { trainerSecret: PREFECT_KEY }));
    const same = await updatePipelineConnections(admin, connections("kept", `${prefect.url.replace("http://", "HTTP://")}/api`, { prefectDeploymentId: "dep-2" }));
    expect(same.secrets.trainerSecret).toBe("kept");
    expect((await retrain("kept")).prefect?.headers.authorization).toBe(`Bearer ${PREFECT_KEY}`);

    const replaced = await updatePipelineConnections(admin, connections("kept", `${attacker.url}/api`, { trainerSecret: "pnu_new-key" }));
    expect(replaced.secrets.trainerSecret).toBe("replaced");
    expect((await retrain("kept")).attacker?.headers.authorization).toBe("Bearer pnu_new-key");
    // Another kind of trainer at the same URL is another destination: the Prefect key is not a webhook secret.
    const retyped = await updatePipelineConnections(admin, { model: "kept", trainer: "webhook", webhookUrl: `${attacker.url}/api`, deployTarget: "built-in" });
    expect(retyped.secrets.trainerSecret).toBe("cleared");
    expect((await getPipeline(t.db, model.id)).trainerSecret).toBeNull();
  });

  it("clears the deploy webhook's secret the same way", async () => {
    const model = await createBinaryModel(t.db, "deploy-moved");
    const admin = await actingAs(t.db, "admin");
    const target = { model: "deploy-moved", trainer: "built-in", deployTarget: "webhook" };
    await updatePipelineConnections(admin, { ...target, deployWebhookUrl: `${prefect.url}/deploy`, deployWebhookSecret: "deploy-signing-secret" });
    expect((await updatePipelineConnections(admin, { ...target, deployWebhookUrl: `${prefect.url}/deploy` })).secrets.deployWebhookSecret).toBe("kept");
    expect((await updatePipelineConnections(admin, { ...target, deployWebhookUrl: `${attacker.url}/deploy` })).secrets.deployWebhookSecret).toBe("cleared");
    expect((await getPipeline(t.db, model.id)).deployWebhookSecret).toBeNull();
  });

  it("refuses a URL Vigil may not call, naming the field", async () => {
    await createBinaryModel(t.db, "ssrf-pipeline");
    const admin = await actingAs(t.db, "admin");
    refuseLoopbackReceivers();
    try {
      await expect(updatePipelineConnections(admin, connections("ssrf-pipeline", "http://169.254.169.254/latest"))).rejects.toMatchObject({
        code: "invalid_input",
        fieldErrors: { prefectApiUrl: [expect.stringMatching(/^Vigil does not call 169\.254\.169\.254, a link-local address/)] },
      });
      await expect(updatePipelineConnections(admin, { model: "ssrf-pipeline", trainer: "built-in", deployTarget: "webhook", deployWebhookUrl: `${prefect.url.replace("127.0.0.1", "localhost")}/deploy` })).rejects.toMatchObject({
        fieldErrors: { deployWebhookUrl: [expect.stringMatching(/^Vigil does not call localhost/)] },
      });
    } finally {
      allowLoopbackReceivers();
    }
  });
});
