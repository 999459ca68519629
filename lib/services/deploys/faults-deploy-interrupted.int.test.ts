import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, deployRequests, deployments, modelVersions, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { startReceiver } from "@/test/receiver";
import { insertPipeline } from "@/test/pipelines";
import { syntheticExamples } from "@/test/training";
import { verifyWebhook } from "@/lib/registry/signing";
import { startRetrainRun, runBuiltInTraining } from "../runs";
import { approveDeployRequest } from "./decide-deploy-request";
import { deployViaWebhook } from "./deploy-via-webhook";

// Issue #8: a worker dies part-way through a deploy job. The job for a webhook target calls the
// target, then switches production in one transaction. Here the target has answered 200 and the
// switch has already archived the old version and promoted the new one when the transaction dies
// (a trigger raises, so PostgreSQL rolls the transaction back exactly as it does when the worker's
// connection drops). pg-boss then runs the job again with the same data.

const SECRET = "deploy-target-secret";
let t: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let modelId: string;

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.answer(200, { status: "deployed" });
  t = await createTestDatabase();
  modelId = (await createBinaryModel(t.db, "fraud-model")).id;
  await insertPipeline(t.db, { modelId, trainer: "built-in", deployPolicy: "approval", approvalsRequired: 1, deployTarget: "webhook", deployWebhookUrl: `${receiver.url}/deploy`, deployWebhookSecret: SECRET });
  await t.db.insert(trainingExamples).values(syntheticExamples(modelId, 300));
});
afterAll(async () => {
  await t.drop();
  await receiver.close();
});

/** Trains a version and approves its request: answers the pending deployment the deploy job will carry out. */
async function approvedDeployment() {
  const { run } = await startRetrainRun(systemContext(t.db, "scheduler"), { model: "fraud-model", trigger: "schedule" });
  expect((await runBuiltInTraining(t.db, run.id, { epochs: 2 })).outcome).toBe("succeeded");
  const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run.id));
  expect(await approveDeployRequest(await actingAs(t.db, "approver"), { requestId: request!.id })).toMatchObject({ status: "deploying" });
  const [deployment] = await t.db.select().from(deployments).where(eq(deployments.requestId, request!.id));
  return { requestId: request!.id, deploymentId: deployment!.id };
}

const productionNames = async () => (await t.db.select({ name: modelVersions.name }).from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production")))).map((v) => v.name);
const deploymentOf = async (id: string) => (await t.db.select().from(deployments).where(eq(deployments.id, id)))[0]!;
const requestOf = async (id: string) => (await t.db.select().from(deployRequests).where(eq(deployRequests.id, id)))[0]!;
const deployedAudits = () => t.db.$count(auditLog, and(eq(auditLog.modelId, modelId), eq(auditLog.action, "version.deployed")));

describe("a worker killed mid-deploy", () => {
  it("leaves nothing half-done, and the retried job deploys exactly once", async () => {
    // v1 goes to production cleanly, so the interrupted deploy has a production version to replace.
    const first = await approvedDeployment();
    expect(await deployViaWebhook(t.db, first.deploymentId)).toEqual({ outcome: "succeeded" });
    expect(await productionNames()).toEqual(["v1"]);

    const second = await approvedDeployment();
    receiver.received.length = 0;
    // The fault: the switch's transaction dies after both versions were rewritten, when it marks the deployment succeeded.
    await t.db.execute(sql.raw(`
      create function die_mid_switch() returns trigger language plpgsql as $$
      begin raise exception 'worker killed mid-switch'; end $$;
      create trigger die_mid_switch before update on deployments for each row
        when (old.status = 'pending' and new.status = 'succeeded') execute function die_mid_switch();`));
    await expect(deployViaWebhook(t.db, second.deploymentId)).rejects.toMatchObject({ cause: { message: "worker killed mid-switch" } });
    expect(receiver.received).toHaveLength(1); // the target was called and answered 200

    // Nothing half-done: v1 still the one production version, the deploy still pending, no switch audited.
    expect(await productionNames()).toEqual(["v1"]);
    expect(await deploymentOf(second.deploymentId)).toMatchObject({ status: "pending", finishedAt: null });
    expect(await requestOf(second.requestId)).toMatchObject({ status: "deploying" });
    expect(await deployedAudits()).toBe(1);

    // The worker comes back; pg-boss delivers the same job again.
    await t.db.execute(sql.raw("drop trigger die_mid_switch on deployments; drop function die_mid_switch();"));
    expect(await deployViaWebhook(t.db, second.deploymentId)).toEqual({ outcome: "succeeded" });
    // A duplicate delivery of the job changes nothing and does not call the target again.
    expect(await deployViaWebhook(t.db, second.deploymentId)).toEqual({ outcome: "skipped" });

    expect(await productionNames()).toEqual(["v2"]);
    const v1 = (await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.name, "v1"))))[0]!;
    expect(v1.status).toBe("archived");
    expect(await deploymentOf(second.deploymentId)).toMatchObject({ status: "succeeded", previousVersionId: v1.id, finishedAt: expect.any(Date) });
    expect(await requestOf(second.requestId)).toMatchObject({ status: "deployed" });
    expect(await t.db.$count(deployments, eq(deployments.requestId, second.requestId))).toBe(1);
    expect(await deployedAudits()).toBe(2); // one for v1, one for v2

    // The target was asked twice for the same deployment (it must treat the id as idempotent), each signed.
    expect(receiver.received).toHaveLength(2);
    for (const sent of receiver.received) {
      expect(verifyWebhook(SECRET, sent.body, sent.headers["x-vigil-timestamp"] as string, sent.headers["x-vigil-signature"] as string)).toBe(true);
      expect(JSON.parse(sent.body)).toMatchObject({ type: "deploy.requested", deployment: { id: second.deploymentId }, version: { name: "v2" }, previousVersion: { name: "v1" } });
    }
  });
});
