import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { monitorEvaluations, notificationAttempts, notificationChannels, notificationDeliveries } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { verifySignature } from "@/lib/notifications/sign";
import { resetEnvCache } from "@/lib/env";
import { createBoss, setJobQueue } from "@/lib/jobs/enqueue";
import { DELIVERY_QUEUE_OPTIONS, QUEUES, registerSchedules } from "@/lib/jobs/queues";
import { registerWorkers } from "@/lib/workers";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { allowLoopbackReceivers, refuseLoopbackReceivers } from "@/test/receiver";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { createMonitor, evaluateMonitorAt } from "../monitors";
import { createChannel } from "./create-channel";
import { listChannels, listDeliveries } from "./list-channels";
import { testChannel } from "./test-channel";
import { deliverNotification } from "./deliver-notification";

const SECRET = "receiver-shared-secret-0123";
type Received = { body: string; timestamp: string | null; signature: string | null; valid: boolean; answered: number };

let t: TestDatabase;
let boss: PgBoss;
let receiver: http.Server;
let base: string;
const received: Received[] = [];
/** What the receiver answers next; the last entry repeats. */
let answers: number[] = [200];

const COULD_NOT_DELIVER = /^could not deliver \(delivery log entry [0-9a-f]{8}\)$/;
/** The delivery log's detail of one test delivery (admins only). */
const logged = async (deliveryId: string) => (await t.db.select().from(notificationAttempts).where(eq(notificationAttempts.deliveryId, deliveryId)))[0]!;

beforeAll(async () => {
  allowLoopbackReceivers();
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const timestamp = req.headers["x-vigil-timestamp"] as string | undefined;
      const signature = req.headers["x-vigil-signature"] as string | undefined;
      const answered = answers.length > 1 ? answers.shift()! : answers[0]!;
      received.push({ body, timestamp: timestamp ?? null, signature: signature ?? null, valid: verifySignature(SECRET, body, timestamp ?? null, signature ?? null), answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam");
  boss = createBoss(t.url);
  await boss.start();
  await registerSchedules(boss);
  // Seconds instead of tens of seconds between attempts, so the test sees the retry quickly.
  await boss.updateQueue(QUEUES.deliverNotification, { ...DELIVERY_QUEUE_OPTIONS, retryDelay: 1, retryBackoff: false });
  await registerWorkers(boss, t.db);
  // Services in this process queue deliveries through it, as in the server.
  setJobQueue(boss);
});
afterAll(async () => {
  setJobQueue(null);
  await boss.stop({ graceful: false, wait: true });
  await t.drop();
  await new Promise((resolve) => receiver.close(resolve));
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

describe("notifications", () => {
  it("schedules monitor evaluation and the delivery sweep every minute", async () => {
    const schedules = (await boss.getSchedules()).map((s) => [s.name, s.cron]);
    expect(schedules).toContainEqual([QUEUES.evaluateMonitors, "* * * * *"]);
    expect(schedules).toContainEqual([QUEUES.dispatchNotifications, "* * * * *"]);
  });

  it("evaluates a monitor once per minute however many evaluate-monitors jobs that minute has", async () => {
    const admin = await actingAs(t.db, "admin");
    const monitor = await createMonitor(admin, { model: "spam", name: "volume watch", metric: "volume", window: "1h", comparison: "below", threshold: 1 });
    const since = new Date(monitor.createdAt);
    // Two jobs at once, as two schedulers (or a retried job) would make.
    const ids = await Promise.all([boss.send(QUEUES.evaluateMonitors, {}), boss.send(QUEUES.evaluateMonitors, {})]);
    await waitFor(
      async () => Promise.all(ids.map((id) => boss.getJobById(QUEUES.evaluateMonitors, id!))),
      (jobs) => jobs.every((j) => j?.state === "completed"),
    );
    const [{ minutes, jobs }] = (await t.db.execute<{ minutes: number; jobs: number }>(sql`
      select count(distinct date_trunc('minute', created_on))::int as minutes, count(*)::int as jobs
      from pgboss.job where name = ${QUEUES.evaluateMonitors} and state = 'completed' and created_on >= ${since.toISOString()}::timestamptz`)) as unknown as [{ minutes: number; jobs: number }];
    expect(jobs).toBeGreaterThanOrEqual(2);
    expect(await t.db.$count(monitorEvaluations, eq(monitorEvaluations.monitorId, monitor.id))).toBe(minutes);
  });

  it("sends a signed webhook when an alert fires, and retries after the receiver first answers 500", async () => {
    const admin = await actingAs(t.db, "admin");
    const { id: channelId } = await createChannel(admin, { name: "ops", type: "webhook", url: `${base}/hook`, secret: SECRET });
    const monitor = await createMonitor(admin, { model: "spam", name: "spam share jumped", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 1, channels: [channelId] });
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, timestamp: "2026-01-05T11:30:00Z", score: 0.9, label: i < 8 ? "spam" : "ham", features: {} }));
    await ingestPredictions(systemContext(t.db), { model: "spam", predictions: rows });

    answers = [500, 200];
    const at = new Date("2026-01-05T12:00:00Z");
    const fired = await evaluateMonitorAt(t.db, monitor.id, at, at);
    expect(fired).toMatchObject({ transition: "fired", value: 0.8 });

    const delivery = await waitFor(
      async () => (await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.alertId, fired.alertId!)))[0],
      (d) => d?.status === "delivered",
    );
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200 });
    // The receiver saw the same body twice, each time correctly signed; the first got a 500.
    expect(received.map((r) => [r.answered, r.valid])).toEqual([[500, true], [200, true]]);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(JSON.parse(received[0]!.body)).toEqual({
      type: "alert.firing",
      model: "spam",
      monitor: { id: monitor.id, name: "spam share jumped", metric: "positiveRate", comparison: "above", severity: "warning" },
      alert: { id: fired.alertId, state: "firing", value: 0.8, threshold: 0.5, n: 10, firedAt: at.toISOString(), resolvedAt: null, url: expect.stringMatching(new RegExp(`/alerts/${fired.alertId}$`)) },
    });
    const attempts = await t.db.select().from(notificationAttempts).where(eq(notificationAttempts.deliveryId, delivery!.id)).orderBy(asc(notificationAttempts.attempt));
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 500], [2, 200]]);

    // The delivery log shows both status codes; the channel list never shows the secret or the path.
    const log = await listDeliveries(admin);
    expect(log[0]!.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
    const [listed] = await listChannels(admin);
    expect(listed).toEqual({ id: channelId, name: "ops", type: "webhook", target: `${base}/…`, hasSecret: true, createdAt: expect.any(String) });
    expect(JSON.stringify(await listChannels(admin))).not.toContain(SECRET);
  });

  it("tests a channel once: the status code when delivered, else \"could not deliver\" with the log entry that holds the status code", async () => {
    const admin = await actingAs(t.db, "admin");
    const { id } = await createChannel(admin, { name: "broken", type: "webhook", url: `${base}/down`, secret: SECRET });
    answers = [503];
    const failed = await testChannel(admin, id);
    expect(failed).toEqual({ ok: false, message: expect.stringMatching(COULD_NOT_DELIVER), deliveryId: expect.any(String) });
    expect(failed.ok ? "" : failed.message).toContain(failed.deliveryId.slice(0, 8));
    expect(await logged(failed.deliveryId)).toMatchObject({ statusCode: 503, error: "answered 503 Service Unavailable" });
    answers = [204];
    expect(await testChannel(admin, id)).toEqual({ ok: true, statusCode: 204, deliveryId: expect.any(String) });
    const last = received[received.length - 1]!;
    expect(last.valid).toBe(true);
    expect(JSON.parse(last.body)).toMatchObject({ type: "test" });
    const viewer = await actingAs(t.db, "approver");
    await expect(testChannel(viewer, id)).rejects.toMatchObject({ code: "forbidden" });

    // A Slack incoming webhook gets Slack's shape, unsigned (it has no secret).
    const slack = await createChannel(admin, { name: "slack", type: "slack", url: `${base}/slack` });
    answers = [200];
    expect(await testChannel(admin, slack.id)).toMatchObject({ ok: true, statusCode: 200 });
    const posted = received[received.length - 1]!;
    expect(JSON.parse(posted.body)).toEqual({ text: ":white_check_mark: Test notification from Vigil for the channel slack." });
    expect(posted.signature).toBeNull();
  });

  it("sends e-mail through the SMTP server in SMTP_URL, and says so plainly when there is none", async () => {
    const admin = await actingAs(t.db, "admin");
    const { id } = await createChannel(admin, { name: "on-call mail", type: "email", recipients: "oncall@example.com, lead@example.com" });
    delete process.env.SMTP_URL;
    resetEnvCache();
    const unsent = await testChannel(admin, id);
    expect(unsent).toMatchObject({ ok: false, message: expect.stringMatching(COULD_NOT_DELIVER) });
    expect(await logged(unsent.deliveryId)).toMatchObject({ statusCode: null, error: "SMTP_URL is not set on the server, so e-mail cannot be sent" });

    // A minimal SMTP server on loopback: enough of RFC 5321 for one message.
    const messages: { to: string[]; body: string }[] = [];
    const smtp = net.createServer((socket) => {
      let buffer = "";
      let inData = false;
      let current = { to: [] as string[], body: "" };
      socket.write("220 test ESMTP\r\n");
      socket.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (inData) {
            if (line === ".") {
              inData = false;
              messages.push(current);
              current = { to: [], body: "" };
              socket.write("250 2.0.0 queued\r\n");
            } else current.body += `${line}\n`;
            continue;
          }
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === "EHLO" || verb === "HELO") {
            socket.write("250-test\r\n250 OK\r\n");
          } else if (verb === "DATA") {
            inData = true;
            socket.write("354 go on\r\n");
          } else if (verb === "QUIT") {
            socket.end("221 bye\r\n");
          } else {
            if (verb === "RCPT") current.to.push(/<(.*)>/.exec(line)?.[1] ?? "");
            socket.write("250 OK\r\n");
          }
        }
      });
    });
    let connections = 0;
    smtp.on("connection", () => connections++);
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    // The SMTP server goes through the outbound policy too: on loopback, it must be allowed.
    process.env.SMTP_URL = `smtp://localhost:${(smtp.address() as AddressInfo).port}`;
    refuseLoopbackReceivers();
    try {
      const refused = await testChannel(admin, id);
      expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(COULD_NOT_DELIVER) });
      expect((await logged(refused.deliveryId)).error).toMatch(/^refused: Vigil does not call localhost \((127\.0\.0\.1|::1), a loopback address\)/);
      expect(connections).toBe(0);

      allowLoopbackReceivers();
      process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.address() as AddressInfo).port}`;
      resetEnvCache();
      expect(await testChannel(admin, id)).toEqual({ ok: true, statusCode: 250, deliveryId: expect.any(String) });
      expect(messages).toHaveLength(1);
      expect(messages[0]!.to).toEqual(["oncall@example.com", "lead@example.com"]);
      expect(messages[0]!.body).toContain("Subject: Vigil test notification");
      expect(messages[0]!.body).toContain("Test notification from Vigil for the channel on-call mail.");
    } finally {
      delete process.env.SMTP_URL;
      resetEnvCache();
      await new Promise((resolve) => smtp.close(resolve));
    }
  });

  it("fails a delivery at once, without retries, when a setting is missing (no SMTP_URL, no URL), and says so in its status", async () => {
    const admin = await actingAs(t.db, "admin");
    delete process.env.SMTP_URL;
    resetEnvCache();
    const mail = await createChannel(admin, { name: "mail, no server", type: "email", recipients: "oncall@example.com" });
    const hook = await createChannel(admin, { name: "hook, no url", type: "webhook", url: `${base}/gone`, secret: SECRET });
    // A URL lost (an old row, a hand edit): the channel has nothing to post to.
    await t.db.update(notificationChannels).set({ url: null }).where(eq(notificationChannels.id, hook.id));
    const payload = { type: "alert.firing" };
    for (const [channelId, reason] of [
      [mail.id, "SMTP_URL is not set on the server, so e-mail cannot be sent: a setting to fix, so not retried"],
      [hook.id, "The channel has no URL: a setting to fix, so not retried"],
    ] as const) {
      const [delivery] = await t.db.insert(notificationDeliveries).values({ channelId, event: "alert.firing", payload, enqueuedAt: new Date() }).returning();
      // The first of several attempts: a passing fault would throw for pg-boss to retry.
      expect(await deliverNotification(t.db, delivery!.id, { lastAttempt: false })).toBe("failed");
      const [after] = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, delivery!.id));
      expect(after).toMatchObject({ status: "failed", attempts: 1, lastError: reason });
      expect(await deliverNotification(t.db, delivery!.id, { lastAttempt: false })).toBe("skipped");
      const [listed] = (await listDeliveries(admin)).filter((d) => d.id === delivery!.id);
      expect(listed).toMatchObject({ status: "failed", lastError: reason, attempts: [{ attempt: 1, statusCode: null }] });
    }
  });
});
