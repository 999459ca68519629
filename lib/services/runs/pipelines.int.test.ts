import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { deployRequests, modelVersions, outboundCalls, retrainRuns } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { startReceiver } from "@/test/receiver";
import { insertPipeline } from "@/test/pipelines";
import { verifyWebhook } from "@/lib/registry/signing";
import { runEventsRoute } from "@/lib/api/routes/runs";
import { startRetrainRun } from "./start-retrain-run";
import { triggerExternalRun } from "./call-pipeline";
import { approveDeployRequest, deployViaWebhook } from "../deploys";
import { deploymentEventsRoute } from "@/lib/api/routes/deployments";

let t: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let events: ReturnType<typeof runEventsRoute>;

beforeAll(async () => {
  t = await createTestDatabase();
  receiver = await startReceiver();
  events = runEventsRoute({ db: () => t.db });
});
afterAll(async () => {
  await receiver.close();
  await t.drop();
});

const send = (runId: string, token: string | null, body: unknown) =>
  call((request) => events(request, { params: Promise.resolve({ run: runId }) }), { key: token, body });
const runOf = async (id: string) => (await t.db.select().from(retrainRuns).where(eq(retrainRuns.id, id)))[0]!;

describe("a Prefect retrain action", () => {
  it("calls create_flow_run with the API key and the run's id, callback URL and token; the pipeline reports back with that token", async () => {
    const modelId = (await createBinaryModel(t.db, "prefect-model")).id;
    await insertPipeline(t.db, { modelId, trainer: "prefect", trainerConfig: { apiUrl: `${receiver.url}/api/`, deploymentId: "dep-123" }, trainerSecret: "pnu_prefect-key" });
    const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "prefect-model" });
    receiver.received.length = 0;
    expect(await triggerExternalRun(t.db, run.id)).toEqual({ outcome: "started" });

    expect(receiver.received).toHaveLength(1);
    const sent = receiver.received[0]!;
    expect(sent).toMatchObject({ method: "POST", path: "/api/deployments/dep-123/create_flow_run" });
    expect(sent.headers.authorization).toBe("Bearer pnu_prefect-key");
    expect(sent.headers["content-type"]).toBe("application/json");
    const { parameters } = JSON.parse(sent.body) as { parameters: Record<string, string> };
    expect(parameters).toMatchObject({ vigil_run_id: run.id, model: "prefect-model", trigger: "manual" });
    expect(parameters.vigil_callback_url).toMatch(new RegExp(`/api/v1/runs/${run.id}/events$`));
    const token = parameters.vigil_callback_token!;
    expect((await runOf(run.id)).status).toBe("running");
    // Only the hash is stored.
    expect((await runOf(run.id)).tokenHash).not.toContain(token);

    expect((await send(run.id, "vglrun_wrong", { type: "progress", progress: 0.4 })).status).toBe(401);
    expect((await send(run.id, null, { type: "progress", progress: 0.4 })).status).toBe(401);
    expect((await send("00000000-0000-4000-8000-000000000000", token, { type: "progress", progress: 0.4 })).status).toBe(404);
    expect((await send(run.id, token, { type: "progress", progress: 1.4 })).status).toBe(400);
    expect((await send(run.id, token, { type: "progress", progress: 0.4, message: "epoch 4/10" })).status).toBe(200);
    expect(await runOf(run.id)).toMatchObject({ progress: 0.4, message: "epoch 4/10" });

    const done = await send(run.id, token, { type: "succeeded", version: { name: "v4", artifactUri: "s3://models/spam/v4", metrics: { accuracy: 0.94 } } });
    expect(done).toMatchObject({ status: 200, json: { status: "succeeded", version: "v4" } });
    const [version] = await t.db.select().from(modelVersions).where(eq(modelVersions.modelId, modelId));
    expect(version).toMatchObject({ name: "v4", artifactUri: "s3://models/spam/v4", status: "candidate", source: "pipeline", runId: run.id, metrics: { accuracy: 0.94 } });
    // A pipeline's version cannot be scored by Vigil: an approver decides.
    const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.versionId, version!.id));
    expect(request!.status).toBe("pending");
    // The run has ended: further events are refused and register nothing.
    expect((await send(run.id, token, { type: "succeeded", version: { name: "v5", artifactUri: "s3://x", metrics: {} } })).status).toBe(409);
    expect(await t.db.$count(modelVersions, eq(modelVersions.modelId, modelId))).toBe(1);
  });

  it("fails the run when Prefect refuses: the run says it could not deliver, the delivery log says why", async () => {
    const modelId = (await createBinaryModel(t.db, "prefect-down")).id;
    await insertPipeline(t.db, { modelId, trainer: "prefect", trainerConfig: { apiUrl: receiver.url, deploymentId: "d" }, trainerSecret: "k" });
    const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "prefect-down" });
    receiver.answer(503);
    expect(await triggerExternalRun(t.db, run.id)).toEqual({ outcome: "failed" });
    receiver.answer(200);
    const failed = await runOf(run.id);
    const [entry] = await t.db.select().from(outboundCalls).where(eq(outboundCalls.runId, run.id));
    expect(entry).toMatchObject({ purpose: "retrain", ok: false, statusCode: 503, error: "answered 503 Service Unavailable", host: new URL(receiver.url).host });
    expect(failed).toMatchObject({ status: "failed", error: `Could not start the pipeline: could not deliver (delivery log entry ${entry!.id.slice(0, 8)}).` });
  });
});

describe("a signed-webhook retrain action", () => {
  it("POSTs retrain.requested signed with the secret; the pipeline can fail the run", async () => {
    const modelId = (await createBinaryModel(t.db, "hook-model")).id;
    await insertPipeline(t.db, { modelId, trainer: "webhook", trainerConfig: { url: `${receiver.url}/hooks/retrain` }, trainerSecret: "whsec-123" });
    const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "hook-model", trigger: "manual" });
    receiver.received.length = 0;
    await triggerExternalRun(t.db, run.id);
    const sent = receiver.received[0]!;
    expect(sent).toMatchObject({ method: "POST", path: "/hooks/retrain" });
    const timestamp = sent.headers["x-vigil-timestamp"] as string;
    const signature = sent.headers["x-vigil-signature"] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook("whsec-123", sent.body, timestamp, signature)).toBe(true);
    expect(verifyWebhook("another-secret", sent.body, timestamp, signature)).toBe(false);
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({ type: "retrain.requested", model: "hook-model", run: { id: run.id, trigger: "manual" }, callback: { url: expect.stringContaining(`/api/v1/runs/${run.id}/events`) } });

    expect((await send(run.id, body.callback.token, { type: "failed", message: "out of GPU memory" })).status).toBe(200);
    expect(await runOf(run.id)).toMatchObject({ status: "failed", error: "out of GPU memory" });
  });
});

describe("a signed-webhook deploy target", () => {
  it("sends deploy.requested signed; a 2xx answer switches production, an error answer fails the deploy", async () => {
    const modelId = (await createBinaryModel(t.db, "kserve-model")).id;
    await insertPipeline(t.db, { modelId, trainer: "webhook", trainerConfig: { url: `${receiver.url}/hooks/retrain` }, trainerSecret: "s", deployTarget: "webhook", deployWebhookUrl: `${receiver.url}/deploy`, deployWebhookSecret: "deploy-secret" });
    const registered = async (name: string) => {
      const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "kserve-model" });
      receiver.received.length = 0;
      await triggerExternalRun(t.db, run.id);
      const token = JSON.parse(receiver.received[0]!.body).callback.token;
      await send(run.id, token, { type: "succeeded", version: { name, artifactUri: `s3://m/${name}`, metrics: {} } });
      return (await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run.id)))[0]!;
    };
    const approver = await actingAs(t.db, "approver");

    const first = await registered("v1");
    expect(await approveDeployRequest(approver, { requestId: first.id })).toMatchObject({ status: "deploying" });
    const [pending] = await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production")));
    expect(pending).toBeUndefined(); // nothing switches before the target says so
    receiver.received.length = 0;
    const deploymentId = (await t.db.query.deployments.findFirst({ where: (d, { eq }) => eq(d.requestId, first.id) }))!.id;
    expect(await deployViaWebhook(t.db, deploymentId)).toEqual({ outcome: "succeeded" });
    const sent = receiver.received[0]!;
    expect(sent.path).toBe("/deploy");
    expect(verifyWebhook("deploy-secret", sent.body, sent.headers["x-vigil-timestamp"] as string, sent.headers["x-vigil-signature"] as string)).toBe(true);
    expect(JSON.parse(sent.body)).toMatchObject({
      type: "deploy.requested",
      model: "kserve-model",
      deployment: { id: deploymentId, kind: "deploy" },
      version: { name: "v1", artifactUri: "s3://m/v1" },
      previousVersion: null,
      callback: { url: expect.stringContaining(`/api/v1/deployments/${deploymentId}/events`), token: expect.any(String) },
    });
    expect(await deployViaWebhook(t.db, deploymentId)).toEqual({ outcome: "skipped" }); // a retried job does nothing
    const [production] = await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production")));
    expect(production!.name).toBe("v1");

    const second = await registered("v2");
    await approveDeployRequest(approver, { requestId: second.id });
    const next = (await t.db.query.deployments.findFirst({ where: (d, { eq }) => eq(d.requestId, second.id) }))!;
    receiver.answer(500);
    expect(await deployViaWebhook(t.db, next.id)).toEqual({ outcome: "failed" });
    receiver.answer(200);
    expect((await t.db.select().from(deployRequests).where(eq(deployRequests.id, second.id)))[0]!.status).toBe("failed");
    const [still] = await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production")));
    expect(still!.name).toBe("v1");
  });

  it("a target that answers pending reports later with the deployment's own token", async () => {
    const modelId = (await createBinaryModel(t.db, "async-target")).id;
    await insertPipeline(t.db, { modelId, trainer: "webhook", trainerConfig: { url: `${receiver.url}/hooks/retrain` }, trainerSecret: "s", deployTarget: "webhook", deployWebhookUrl: `${receiver.url}/deploy`, deployWebhookSecret: "d" });
    const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "async-target" });
    receiver.received.length = 0;
    await triggerExternalRun(t.db, run.id);
    await send(run.id, JSON.parse(receiver.received[0]!.body).callback.token, { type: "succeeded", version: { name: "v1", artifactUri: "s3://a/v1", metrics: {} } });
    const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run.id));
    await approveDeployRequest(await actingAs(t.db, "approver"), { requestId: request!.id });
    const deploymentId = (await t.db.query.deployments.findFirst({ where: (d, { eq }) => eq(d.requestId, request!.id) }))!.id;

    receiver.answer(200, { status: "pending" });
    receiver.received.length = 0;
    expect(await deployViaWebhook(t.db, deploymentId)).toEqual({ outcome: "pending" });
    receiver.answer(200);
    const token = JSON.parse(receiver.received[0]!.body).callback.token as string;
    const route = deploymentEventsRoute({ db: () => t.db });
    const report = (auth: string | null, body: unknown) => call((r) => route(r, { params: Promise.resolve({ deployment: deploymentId }) }), { key: auth, body });
    const production = async () => (await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production"))))[0];
    expect(await production()).toBeUndefined();
    expect((await report("wrong-token", { type: "succeeded" })).status).toBe(401);
    expect((await report(token, { type: "exploded" })).status).toBe(400);
    expect(await report(token, { type: "succeeded", message: "rolled out to 3 replicas" })).toMatchObject({ status: 200, json: { status: "succeeded" } });
    expect((await production())!.name).toBe("v1");
    expect((await report(token, { type: "failed", message: "late" })).status).toBe(409);
  });
});
