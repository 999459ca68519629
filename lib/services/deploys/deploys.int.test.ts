import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, sql } from "drizzle-orm";
import { auditLog, deployRequests, deployments, modelPipelines, modelVersions, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { startRetrainRun, runBuiltInTraining } from "../runs";
import { syntheticExamples } from "@/test/training";
import { approveDeployRequest, rejectDeployRequest } from "./decide-deploy-request";
import { rollbackProduction } from "./rollback";
import { requestDeploy } from "./request-deploy";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function setUpModel(slug: string, pipeline: Partial<typeof modelPipelines.$inferInsert>) {
  const modelId = (await createBinaryModel(t.db, slug)).id;
  await t.db.insert(modelPipelines).values({ modelId, trainer: "built-in", ...pipeline });
  await t.db.insert(trainingExamples).values(syntheticExamples(modelId, 300, slug));
  return modelId;
}

/** Starts a run as `who` and trains it to the end; answers the deploy request it made. */
async function retrain(slug: string, who = systemContext(t.db, "scheduler")) {
  const { run } = await startRetrainRun(who, { model: slug, trigger: who.actor.type === "user" ? "manual" : "schedule" });
  const result = await runBuiltInTraining(t.db, run.id, { epochs: 3 });
  expect(result.outcome).toBe("succeeded");
  const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run.id));
  return request!;
}
const production = async (modelId: string) => (await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production"))))[0];

describe("the deploy gate and approvals", () => {
  it("auto policy: a first version on enough labels deploys without anyone; a version that does not beat production by the margin waits", async () => {
    const modelId = await setUpModel("auto-model", { deployPolicy: "auto", autoMargin: 0.02, autoMinN: 20 });
    const first = await retrain("auto-model");
    expect(first.status).toBe("deployed");
    expect((await production(modelId))?.name).toBe("v1");
    // Same data, same trainer: the second version ties production, below the 2-point margin.
    const second = await retrain("auto-model");
    expect(second).toMatchObject({ status: "pending", reason: expect.stringContaining("below the margin") });
    expect(second.evaluation).toMatchObject({ comparison: { n: expect.any(Number), production: { accuracy: expect.any(Number) } } });
    expect((await production(modelId))?.name).toBe("v1");
  });

  it("auto policy waits when there are fewer held-out labels than the minimum", async () => {
    await setUpModel("few-labels", { deployPolicy: "auto", autoMargin: 0, autoMinN: 100_000 });
    expect(await retrain("few-labels")).toMatchObject({ status: "pending", reason: expect.stringContaining("at least 100000") });
  });

  it("two-person rule: the requester cannot approve; N approvers are needed; a rejection needs a reason", async () => {
    const modelId = await setUpModel("two-person", { deployPolicy: "approval", approvalsRequired: 2 });
    const requester = await actingAs(t.db, "approver");
    const request = await retrain("two-person", requester);
    expect(request.requestedBy).toBe(requester.actor.id);
    await expect(approveDeployRequest(requester, { requestId: request.id })).rejects.toMatchObject({ code: "forbidden" });
    const annotator = await actingAs(t.db, "annotator");
    await expect(approveDeployRequest(annotator as never, { requestId: request.id })).rejects.toMatchObject({ code: "forbidden" });

    const first = await actingAs(t.db, "approver");
    expect(await approveDeployRequest(first, { requestId: request.id, comment: "looks good" })).toMatchObject({ status: "pending", approvals: 1, required: 2 });
    await expect(approveDeployRequest(first, { requestId: request.id })).rejects.toMatchObject({ code: "conflict" });
    expect(await production(modelId)).toBeUndefined();
    const second = await actingAs(t.db, "admin");
    expect(await approveDeployRequest(second, { requestId: request.id })).toMatchObject({ status: "deployed", approvals: 2 });
    expect((await production(modelId))?.name).toBe("v1");

    const next = await retrain("two-person", requester);
    await expect(rejectDeployRequest(first, { requestId: next.id, comment: "" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await rejectDeployRequest(first, { requestId: next.id, comment: "not now" })).toEqual({ status: "rejected" });
    const actions = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.modelId, modelId)).orderBy(auditLog.id);
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["deploy.requested", "deploy.approved", "version.deployed", "deploy.rejected"]));
  });

  it("two approvers clicking at once deploy once", async () => {
    const modelId = await setUpModel("race", { deployPolicy: "approval", approvalsRequired: 1 });
    const request = await retrain("race");
    const approvers = await Promise.all([actingAs(t.db, "approver"), actingAs(t.db, "approver"), actingAs(t.db, "admin")]);
    const results = await Promise.allSettled(approvers.map((a) => approveDeployRequest(a, { requestId: request.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["conflict", "conflict"]);
    expect(await t.db.$count(deployments, eq(deployments.modelId, modelId))).toBe(1);
    expect(await t.db.$count(auditLog, and(eq(auditLog.modelId, modelId), eq(auditLog.action, "version.deployed")))).toBe(1);
  });

  it("rolls back to the version production replaced, in one click, audited; the database allows one production version", async () => {
    const modelId = await setUpModel("rollback", { deployPolicy: "auto", autoMargin: 0, autoMinN: 1 });
    await retrain("rollback"); // v1 deploys (no production yet)
    await retrain("rollback"); // v2 ties v1: margin 0 lets it deploy
    expect((await production(modelId))?.name).toBe("v2");
    const approver = await actingAs(t.db, "approver");
    expect(await rollbackProduction(approver, { model: "rollback", comment: "v2 misbehaves" })).toEqual({ version: "v1", previous: "v2", status: "succeeded" });
    expect((await production(modelId))?.name).toBe("v1");
    const [last] = await t.db.select().from(deployments).where(eq(deployments.modelId, modelId)).orderBy(desc(deployments.createdAt)).limit(1);
    expect(last).toMatchObject({ kind: "rollback", status: "succeeded", actorLabel: approver.actor.email });
    expect(await t.db.$count(auditLog, and(eq(auditLog.modelId, modelId), eq(auditLog.action, "version.rolled_back")))).toBe(1);
    // Asking to put v2 back by hand: scored on today's held-out labels, decided by another person.
    const asked = await requestDeploy(approver, { model: "rollback", versionId: (await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.name, "v2"))))[0]!.id });
    const [manual] = await t.db.select().from(deployRequests).where(eq(deployRequests.id, asked.requestId));
    expect(manual).toMatchObject({ requestedBy: approver.actor.id, evaluation: { comparison: { n: expect.any(Number), production: expect.any(Object) } } });
    // Policy auto with margin 0 on a tie: it deploys on its own.
    expect(asked.deployed).toBe(true);
    expect((await production(modelId))?.name).toBe("v2");
    await expect(requestDeploy(approver, { model: "rollback", versionId: manual!.versionId })).rejects.toMatchObject({ code: "conflict" });
    await rollbackProduction(approver, { model: "rollback" });
    // Even a direct write cannot make a second production version.
    await expect(t.db.execute(sql`update model_versions set status = 'production' where model_id = ${modelId} and name = 'v2'`)).rejects.toThrow();
  });
});
