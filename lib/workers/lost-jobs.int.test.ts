import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { auditLog, deployRequests, deployments, modelVersions, notificationDeliveries, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { startRetrainRun, runBuiltInTraining } from "@/lib/services/runs";
import { approveDeployRequest, recordDeploymentEvent } from "@/lib/services/deploys";
import { createChannel } from "@/lib/services/notifications";
import { createMonitor, evaluateMonitorAt } from "@/lib/services/monitors";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { syntheticExamples } from "@/test/training";
import { allowLoopbackReceivers } from "@/test/receiver";
import { insertPipeline } from "@/test/pipelines";
import { createBoss, setJobQueue } from "@/lib/jobs/enqueue";
import { deployJobOptions, QUEUES, registerSchedules } from "@/lib/jobs/queues";
import { registerWorkers } from ".";

// Issue #14: work whose job was lost. A process that could not queue (a CLI, a send that failed, a
// death between commit and send) leaves a webhook deploy it approves and the notifications an alert
// it evaluates queues as rows in the database with no job. A worker started later must find them through its sweeps
// (retrain-sweep, dispatch-notifications) and carry each out exactly once, leaving alone whatever
// still has a job waiting or running.

let t: TestDatabase;
let boss: PgBoss | null = null;
let modelId: string;

/** The deploy target and alert receiver: records every call; answers wait while `holding`. */
const calls: { path: string; body: string }[] = [];
let holding: Promise<void> | null = null;
let release = () => {};
let answer = { status: 200, body: "{}" };
const target = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    calls.push({ path: req.url ?? "", body });
    void (holding ?? Promise.resolve()).then(() => res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body));
  });
});
const targetUrl = () => `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

beforeAll(async () => {
  // The target listens on loopback, which Vigil calls only where an operator allows it.
  allowLoopbackReceivers();
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  t = await createTestDatabase();
  modelId = (await createBinaryModel(t.db, "lost-jobs")).id;
  await insertPipeline(t.db, { modelId, trainer: "built-in", deployPolicy: "approval", approvalsRequired: 1, deployTarget: "webhook", deployWebhookUrl: `${targetUrl()}/deploy`, deployWebhookSecret: "deploy-secret" });
  await t.db.insert(trainingExamples).values(syntheticExamples(modelId, 300));
  // This process is a web process that could not queue: no job queue.
  setJobQueue(null);
}, 120_000);
afterAll(async () => {
  release();
  await boss?.stop({ graceful: false, wait: true });
  await t.drop();
  await new Promise((resolve) => target.close(resolve));
});

/** `npm run worker`, started after the fact. */
async function startWorker(): Promise<PgBoss> {
  boss = createBoss(t.url);
  await boss.start();
  await registerSchedules(boss);
  // The sweeps run when this test says, not at each minute.
  for (const schedule of await boss.getSchedules()) await boss.unschedule(schedule.name);
  await registerWorkers(boss, t.db);
  return boss;
}

/** Runs a sweep (or any job) now and waits for it. Assertions are on what it did, not on its count. */
async function runJob(queue: string): Promise<Record<string, unknown>> {
  const id = (await boss!.send(queue, {}))!;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await boss!.getJobById(queue, id);
    if (job?.state === "completed") return job.output as Record<string, unknown>;
    if (job?.state === "failed" || Date.now() > deadline) throw new Error(`${queue} ended ${job?.state}: ${JSON.stringify(job?.output)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const jobsFor = async (queue: string, field: string, id: string) =>
  (await t.db.execute<{ state: string; id: string }>(sql`select id, state from pgboss.job where name = ${queue} and data->>${field} = ${id} order by created_on`)).map((j) => ({ ...j }));

/** Trains a version and approves its deploy request in this worker-less process. */
async function approvedDeploy() {
  const { run } = await startRetrainRun(systemContext(t.db, "scheduler"), { model: "lost-jobs", trigger: "schedule" });
  expect((await runBuiltInTraining(t.db, run.id, { epochs: 2 })).outcome).toBe("succeeded");
  const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run.id));
  expect(await approveDeployRequest(await actingAs(t.db, "approver"), { requestId: request!.id })).toMatchObject({ status: "deploying" });
  const [deployment] = await t.db.select().from(deployments).where(eq(deployments.requestId, request!.id));
  // Older than the sweep's minute of grace.
  await t.db.update(deployments).set({ createdAt: sql`now() - interval '2 minutes'` }).where(eq(deployments.id, deployment!.id));
  return { requestId: request!.id, deploymentId: deployment!.id };
}

const requestStatus = async (id: string) => (await t.db.select({ status: deployRequests.status }).from(deployRequests).where(eq(deployRequests.id, id)))[0]!.status;
const deployment = async (id: string) => (await t.db.select().from(deployments).where(eq(deployments.id, id)))[0]!;
const production = async () => (await t.db.select({ name: modelVersions.name }).from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production")))).map((v) => v.name);
const deployedAudits = () => t.db.$count(auditLog, and(eq(auditLog.modelId, modelId), eq(auditLog.action, "version.deployed")));

describe("a webhook deploy approved where no worker runs", () => {
  it("stays deploying until a worker's sweep sends it, which deploys it exactly once", async () => {
    const first = await approvedDeploy();
    expect(await requestStatus(first.requestId)).toBe("deploying");
    expect(calls).toHaveLength(0);

    await startWorker();
    // The target takes its time: the deploy job is running when the sweep looks again.
    holding = new Promise((resolve) => (release = resolve));
    await runJob(QUEUES.retrainSweep);
    await until("the target is called", async () => calls.length === 1);
    await runJob(QUEUES.retrainSweep);
    expect((await jobsFor(QUEUES.deploy, "deploymentId", first.deploymentId)).map((j) => j.state)).toEqual(["active"]);

    release();
    holding = null;
    await until("v1 is in production", async () => (await deployment(first.deploymentId)).status === "succeeded");
    expect(await requestStatus(first.requestId)).toBe("deployed");
    expect(await production()).toEqual(["v1"]);
    // Nothing is pending any more: the sweep sends nothing, and the target was asked once.
    await runJob(QUEUES.retrainSweep);
    expect(calls.filter((c) => c.path === "/deploy")).toHaveLength(1);
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ type: "deploy.requested", deployment: { id: first.deploymentId }, version: { name: "v1" } });
    expect(await deployedAudits()).toBe(1);
    expect(await jobsFor(QUEUES.deploy, "deploymentId", first.deploymentId)).toHaveLength(1);
  }, 120_000);

  it("leaves a deploy whose job is still queued alone, sends it once that job is gone, and waits for a target that accepted it", async () => {
    calls.length = 0;
    setJobQueue(null);
    const second = await approvedDeploy();
    // A job waiting for later (as on a busy queue): the sweep sends no second one.
    const waiting = (await boss!.send(QUEUES.deploy, { deploymentId: second.deploymentId }, { ...deployJobOptions(second.deploymentId), startAfter: 3600 }))!;
    await runJob(QUEUES.retrainSweep);
    expect((await jobsFor(QUEUES.deploy, "deploymentId", second.deploymentId)).map((j) => j.state)).toEqual(["created"]);

    // The job is lost (cancelled here; a worker dying past its retries ends the same way).
    await boss!.cancel(QUEUES.deploy, waiting);
    // This target deploys asynchronously: 202, then a callback.
    answer = { status: 202, body: JSON.stringify({ status: "pending" }) };
    await runJob(QUEUES.retrainSweep);
    await until("the target accepts it", async () => (await deployment(second.deploymentId)).acceptedAt !== null);
    // Accepted: the target's callback decides now, and no sweep calls it again.
    await runJob(QUEUES.retrainSweep);
    expect((await jobsFor(QUEUES.deploy, "deploymentId", second.deploymentId)).map((j) => j.state)).toEqual(["cancelled", "completed"]);
    expect(await requestStatus(second.requestId)).toBe("deploying");
    expect(calls).toHaveLength(1);

    const token = (JSON.parse(calls[0]!.body) as { callback: { token: string } }).callback.token;
    expect(await recordDeploymentEvent(t.db, second.deploymentId, `Bearer ${token}`, { type: "succeeded" })).toEqual({ status: "succeeded" });
    expect(await production()).toEqual(["v2"]);
    expect(await requestStatus(second.requestId)).toBe("deployed");
    expect(await deployedAudits()).toBe(2);
    answer = { status: 200, body: "{}" };
  }, 120_000);

  it("two workers sweeping at once carry a lost deploy out once", async () => {
    calls.length = 0;
    setJobQueue(null);
    const third = await approvedDeploy();
    // A second worker process on the same database.
    const other = createBoss(t.url);
    await other.start();
    await registerWorkers(other, t.db);
    try {
      await Promise.all([runJob(QUEUES.retrainSweep), runJob(QUEUES.retrainSweep), runJob(QUEUES.retrainSweep)]);
      await until("v3 is in production", async () => (await deployment(third.deploymentId)).status === "succeeded");
      await Promise.all([runJob(QUEUES.retrainSweep), runJob(QUEUES.retrainSweep)]);
      expect(calls.filter((c) => c.path === "/deploy")).toHaveLength(1);
      expect(await production()).toEqual(["v3"]);
      expect(await deployedAudits()).toBe(3);
      expect(await requestStatus(third.requestId)).toBe("deployed");
    } finally {
      await other.stop({ graceful: false, wait: true });
    }
  }, 120_000);
});

describe("alert notifications queued where no worker runs", () => {
  it("are delivered once each by the dispatch sweep, which leaves a delivery with a waiting job to it", async () => {
    calls.length = 0;
    setJobQueue(null);
    const admin = await actingAs(t.db, "admin");
    const pager = await createChannel(admin, { name: "pager", type: "webhook", url: `${targetUrl()}/pager`, secret: "pager-secret-0123456789" });
    const chat = await createChannel(admin, { name: "chat", type: "webhook", url: `${targetUrl()}/chat`, secret: "chat-secret-0123456789" });
    const monitor = await createMonitor(admin, { model: "lost-jobs", name: "spam share high", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 1, channels: [pager.id, chat.id] });
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: `n${i}`, timestamp: "2026-03-02T08:15:00Z", score: 0.9, label: i < 7 ? "spam" : "ham", features: {} }));
    await ingestPredictions(systemContext(t.db), { model: "lost-jobs", predictions: rows });
    const at = new Date("2026-03-02T09:00:00Z");
    expect(await evaluateMonitorAt(t.db, monitor.id, at, at)).toMatchObject({ transition: "fired" });

    const deliveries = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.event, "alert.firing"));
    expect(deliveries.map((d) => [d.status, d.enqueuedAt])).toEqual([
      ["pending", null],
      ["pending", null],
    ]);
    const toPager = deliveries.find((d) => d.channelId === pager.id)!;
    const toChat = deliveries.find((d) => d.channelId === chat.id)!;
    await t.db.update(notificationDeliveries).set({ createdAt: sql`now() - interval '2 minutes'` });
    // The chat delivery was handed to pg-boss (a job waiting for later); the pager one never was.
    const waiting = (await boss!.send(QUEUES.deliverNotification, { deliveryId: toChat.id }, { startAfter: 3600 }))!;
    await t.db.update(notificationDeliveries).set({ enqueuedAt: sql`now() - interval '2 minutes'` }).where(eq(notificationDeliveries.id, toChat.id));

    await runJob(QUEUES.dispatchNotifications);
    await until("the pager hears of it", async () => calls.some((c) => c.path === "/pager"));
    await runJob(QUEUES.dispatchNotifications);
    expect(calls.map((c) => c.path)).toEqual(["/pager"]);
    expect((await jobsFor(QUEUES.deliverNotification, "deliveryId", toChat.id)).map((j) => j.state)).toEqual(["created"]);

    // The chat delivery's job is lost: the next sweep sends it again, once.
    await boss!.cancel(QUEUES.deliverNotification, waiting);
    await runJob(QUEUES.dispatchNotifications);
    await until("the chat hears of it", async () => calls.some((c) => c.path === "/chat"));
    await until("the chat delivery settles", async () => (await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, toChat.id)))[0]!.status === "delivered");
    await runJob(QUEUES.dispatchNotifications);
    expect((await jobsFor(QUEUES.deliverNotification, "deliveryId", toPager.id)).map((j) => j.state)).toEqual(["completed"]);
    expect((await jobsFor(QUEUES.deliverNotification, "deliveryId", toChat.id)).map((j) => j.state)).toEqual(["cancelled", "completed"]);

    const settled = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.event, "alert.firing"));
    expect(settled.map((d) => [d.id === toPager.id ? "pager" : "chat", d.status, d.attempts]).sort()).toEqual([
      ["chat", "delivered", 1],
      ["pager", "delivered", 1],
    ]);
    expect(calls.map((c) => c.path).sort()).toEqual(["/chat", "/pager"]);
  }, 120_000);
});
