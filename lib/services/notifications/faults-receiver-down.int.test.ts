import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { notificationAttempts, notificationDeliveries } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { verifySignature } from "@/lib/notifications/sign";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { createMonitor, evaluateMonitorAt } from "../monitors";
import { createChannel } from "./create-channel";
import { listDeliveries } from "./list-channels";
import { DeliveryFailed, deliverNotification } from "./deliver-notification";
import { allowLoopbackReceivers } from "@/test/receiver";

// Issue #8: the receiver of an alert webhook is down (nothing listens: connection refused) when
// the alert fires, and comes back on the same port. The delivery job is called the way pg-boss's
// worker calls it; a retry is the same call again with the same delivery id.

const SECRET = "receiver-down-secret-0123";
type Received = { body: string; valid: boolean };

let t: TestDatabase;
let port: number;
let receiver: http.Server | undefined;
const received: Received[] = [];

/** A port nothing listens on yet: taken from the OS, then released. */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

async function startReceiverOn(at: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const timestamp = (req.headers["x-vigil-timestamp"] as string | undefined) ?? null;
      const signature = (req.headers["x-vigil-signature"] as string | undefined) ?? null;
      received.push({ body, valid: verifySignature(SECRET, body, timestamp, signature) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(at, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  allowLoopbackReceivers();
  port = await freePort();
  t = await createTestDatabase();
  await createBinaryModel(t.db, "churn");
});
afterAll(async () => {
  await t.drop();
  if (receiver) await new Promise((resolve) => receiver!.close(resolve));
});

describe("a notification receiver down and back up", () => {
  it("logs the refused attempt, and the retry delivers the alert once, signed", async () => {
    const admin = await actingAs(t.db, "admin");
    const { id: channelId } = await createChannel(admin, { name: "pager", type: "webhook", url: `http://127.0.0.1:${port}/alerts`, secret: SECRET });
    const monitor = await createMonitor(admin, { model: "churn", name: "spam share high", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 1, channels: [channelId] });
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, timestamp: "2026-03-02T08:15:00Z", score: 0.9, label: i < 7 ? "spam" : "ham", features: {} }));
    await ingestPredictions(systemContext(t.db), { model: "churn", predictions: rows });
    const at = new Date("2026-03-02T09:00:00Z");
    const fired = await evaluateMonitorAt(t.db, monitor.id, at, at);
    expect(fired).toMatchObject({ transition: "fired", value: 0.7 });
    const [delivery] = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.alertId, fired.alertId!));
    expect(delivery).toMatchObject({ status: "pending", attempts: 0 });

    // First attempt: nothing listens on the port. The job throws, so pg-boss would retry it.
    await expect(deliverNotification(t.db, delivery!.id, { lastAttempt: false })).rejects.toBeInstanceOf(DeliveryFailed);
    expect(received).toHaveLength(0);
    const afterFailure = (await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, delivery!.id)))[0]!;
    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "could not connect: ECONNREFUSED", attemptStartedAt: null });

    // The receiver comes back on the same port; pg-boss runs the job again.
    receiver = await startReceiverOn(port);
    expect(await deliverNotification(t.db, delivery!.id, { lastAttempt: false })).toBe("delivered");
    // A duplicate of the job (two workers, or a retry racing the success) sends nothing more.
    expect(await deliverNotification(t.db, delivery!.id, { lastAttempt: false })).toBe("skipped");

    expect(received).toHaveLength(1);
    expect(received[0]!.valid).toBe(true);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: "alert.firing", model: "churn", alert: { id: fired.alertId, state: "firing", value: 0.7 } });

    const attempts = await t.db.select().from(notificationAttempts).where(eq(notificationAttempts.deliveryId, delivery!.id)).orderBy(asc(notificationAttempts.attempt));
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, null, "could not connect: ECONNREFUSED"],
      [2, 200, null],
    ]);
    // What an admin sees in the delivery log.
    const [logged] = await listDeliveries(admin);
    expect(logged).toMatchObject({ id: delivery!.id, status: "delivered", deliveredAt: expect.any(String) });
    expect(logged!.attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [null, "could not connect: ECONNREFUSED"],
      [200, null],
    ]);
  });
});
