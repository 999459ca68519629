import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { deployRequests, deployments, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { startReceiver } from "@/test/receiver";
import { insertPipeline } from "@/test/pipelines";
import { syntheticExamples } from "@/test/training";
import { startRetrainRun, runBuiltInTraining } from "../runs";
import { approveDeployRequest } from "./decide-deploy-request";
import { deployViaWebhook } from "./deploy-via-webhook";

let t: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.answer(200, { status: "deployed" });
  t = await createTestDatabase();
  const modelId = (await createBinaryModel(t.db, "churn")).id;
  await insertPipeline(t.db, { modelId, trainer: "built-in", deployPolicy: "approval", approvalsRequired: 1, deployTarget: "webhook", deployWebhookUrl: `${receiver.url}/deploy`, deployWebhookSecret: "s" });
  await t.db.insert(trainingExamples).values(syntheticExamples(modelId, 300));
});
afterAll(async () => {
  await t.drop();
  await receiver.close();
});

async function trainedRequest() {
  const { run } = await startRetrainRun(systemContext(t.db, "scheduler"), { model: "churn", trigger: "schedule" });
  expect((await runBuiltInTraining(t.db, run.id, { epochs: 2 })).outcome).toBe("succeeded");
  return (await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run.id)))[0]!;
}

async function approveAndDeploy(requestId: string) {
  await approveDeployRequest(await actingAs(t.db, "approver"), { requestId });
  const [deployment] = await t.db.select().from(deployments).where(eq(deployments.requestId, requestId));
  expect(await deployViaWebhook(t.db, deployment!.id)).toEqual({ outcome: "succeeded" });
}

describe("a deploy request decided after production changed", () => {
  it("tells the target the version production really is now, not the one when it was asked", async () => {
    await approveAndDeploy((await trainedRequest()).id); // v1
    // v2 and v3 are both asked for while v1 is production; v2 goes first.
    const v2 = await trainedRequest();
    const v3 = await trainedRequest();
    await approveAndDeploy(v2.id);
    receiver.received.length = 0;
    await approveAndDeploy(v3.id);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ version: { name: "v3" }, previousVersion: { name: "v2" } });
  });
});
