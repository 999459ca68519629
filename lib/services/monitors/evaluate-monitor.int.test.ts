import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { alertEvents, alerts, auditLog, monitorEvaluations, monitors, notificationDeliveries } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { createChannel } from "../notifications";
import { createMonitor } from "./create-monitor";
import { evaluateMonitorAt } from "./evaluate-monitor";
import { acknowledgeAlert, silenceAlert, listAlerts } from "../alerts";
import { allowLoopbackReceivers } from "@/test/receiver";

let t: TestDatabase;
beforeAll(async () => {
  // The channels point at 127.0.0.1 (nothing is sent in this file): the outbound policy must allow it.
  allowLoopbackReceivers();
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam");
  await createBinaryModel(t.db, "mail");
});
afterAll(async () => t.drop());

const minute = (m: number) => new Date(Date.UTC(2026, 0, 5, 12, m));
let sequence = 0;
/** `positives` spam and `negatives` ham predictions at 11:00–11:59 on 5 January. */
async function send(positives: number, negatives: number, model = "spam") {
  const rows = [
    ...Array.from({ length: positives }, () => ({ score: 0.9, label: "spam" })),
    ...Array.from({ length: negatives }, () => ({ score: 0.1, label: "ham" })),
  ].map((r, i) => ({ ...r, id: `p${sequence++}`, timestamp: new Date(Date.UTC(2026, 0, 5, 11, i % 60)).toISOString(), features: { length: 100 } }));
  await ingestPredictions(systemContext(t.db), { model, predictions: rows });
}

describe("evaluating a monitor", () => {
  it("fires exactly once when the data crosses the threshold, even with doubled and late ticks, and resolves on recovery", async () => {
    const approver = await actingAs(t.db, "approver");
    const channel = await createChannel(systemContext(t.db), { name: "ops", type: "webhook", url: "http://127.0.0.1:9/hook", secret: "a-secret-of-sixteen-chars" });
    const monitor = await createMonitor(approver, {
      model: "spam", name: "spam share jumped", metric: "positiveRate", window: "24h", comparison: "above",
      threshold: 0.5, resolveThreshold: 0.45, minN: 50, forEvaluations: 2, severity: "critical", policy: "propose-retrain", channels: [channel.id],
    });
    expect(monitor).toMatchObject({ model: "spam", state: "ok", channels: [channel.id] });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, monitor.id));
    expect(audit).toMatchObject({ action: "monitor.created", actorType: "user" });

    const evaluate = (tick: number) => evaluateMonitorAt(t.db, monitor.id, minute(tick), minute(tick));

    // 20 predictions, all spam: past the threshold, but n = 20 < 50 → no data, nothing moves.
    await send(20, 0);
    expect(await evaluate(1)).toMatchObject({ evaluated: true, state: "ok", verdict: "no-data", n: 20, value: 1 });

    // 30 more, 10 of them spam: 30/50 = 0.6 > 0.5 → the first of two breaches: pending.
    await send(10, 20);
    expect(await evaluate(2)).toMatchObject({ evaluated: true, state: "pending", verdict: "breach", value: 0.6, n: 50 });
    // The same tick again (two schedulers, a retried job): refused, nothing counted.
    expect(await evaluate(2)).toMatchObject({ evaluated: false, state: "pending" });
    // The second consecutive breach fires; the doubled tick does not fire again.
    const fired = await evaluate(3);
    expect(fired).toMatchObject({ evaluated: true, state: "firing", transition: "fired", value: 0.6, threshold: 0.5 });
    expect(await evaluate(3)).toMatchObject({ evaluated: false, state: "firing", transition: null });
    // A late tick, older than one evaluated already, is refused too.
    expect(await evaluate(2)).toMatchObject({ evaluated: false });
    expect(await evaluate(4)).toMatchObject({ evaluated: true, state: "firing", transition: null });

    const open = await t.db.select().from(alerts).where(eq(alerts.monitorId, monitor.id));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: fired.alertId, state: "firing", value: 0.6, threshold: 0.5, n: 50, severity: "critical" });
    const events = await t.db.select().from(alertEvents).where(eq(alertEvents.alertId, fired.alertId!)).orderBy(asc(alertEvents.id));
    expect(events.map((e) => e.type)).toEqual(["fired", "action_requested"]);
    expect(events[1]!.details).toEqual({ policy: "propose-retrain" });
    const deliveries = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.alertId, fired.alertId!));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event: "alert.firing", status: "pending", channelId: channel.id });
    expect(deliveries[0]!.payload).toMatchObject({ type: "alert.firing", model: "spam", monitor: { id: monitor.id, name: "spam share jumped" }, alert: { id: fired.alertId, state: "firing", value: 0.6, threshold: 0.5, n: 50 } });
    expect((deliveries[0]!.payload as { alert: { url: string } }).alert.url).toMatch(new RegExp(`/alerts/${fired.alertId}$`));

    // Down to 30/62 = 0.484: below the threshold but above the 0.45 resolve threshold → still firing (hysteresis).
    await send(0, 12);
    expect(await evaluate(5)).toMatchObject({ state: "firing", verdict: "hold", value: 30 / 62 });
    // 30/68 = 0.441 ≤ 0.45: resolved, once.
    await send(0, 6);
    expect(await evaluate(6)).toMatchObject({ state: "resolved", transition: "resolved", alertId: fired.alertId });
    expect(await evaluate(6)).toMatchObject({ evaluated: false });
    expect(await evaluate(7)).toMatchObject({ state: "ok", transition: null });

    const [resolved] = await t.db.select().from(alerts).where(eq(alerts.id, fired.alertId!));
    expect(resolved).toMatchObject({ state: "resolved", resolvedValue: expect.closeTo(30 / 68, 12) });
    expect(await t.db.$count(alerts, eq(alerts.monitorId, monitor.id))).toBe(1);
    expect((await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.alertId, fired.alertId!))).map((d) => d.event).sort()).toEqual(["alert.firing", "alert.resolved"]);
    // Every evaluated tick is one row: 1, 2, 3, 4, 5, 6, 7.
    expect((await t.db.select().from(monitorEvaluations).where(eq(monitorEvaluations.monitorId, monitor.id))).map((e) => e.tick.getUTCMinutes())).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const [after] = await t.db.select().from(monitors).where(eq(monitors.id, monitor.id));
    expect(after).toMatchObject({ state: "ok", consecutive: 0, lastTick: minute(7) });
  });

  it("lists alerts open first, lets an approver acknowledge and silence, and a silenced monitor queues no notification", async () => {
    const approver = await actingAs(t.db, "approver");
    const channel = await createChannel(systemContext(t.db), { name: "slack", type: "slack", url: "http://127.0.0.1:9/slack" });
    await send(3, 7, "mail");
    const monitor = await createMonitor(approver, { model: "mail", name: "any spam", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.1, minN: 1, channels: [channel.id] });
    const first = await evaluateMonitorAt(t.db, monitor.id, minute(10), minute(10));
    expect(first).toMatchObject({ state: "firing", transition: "fired" });

    const viewer = await actingAs(t.db, "viewer");
    const listed = await listAlerts(viewer, {});
    expect(listed.open).toBe(1);
    expect(listed.alerts.map((a) => [a.model, a.state])).toEqual([["mail", "firing"], ["spam", "resolved"]]);
    expect((await listAlerts(viewer, { model: "spam" })).open).toBe(0);
    await expect(acknowledgeAlert(viewer, { alertId: first.alertId })).rejects.toMatchObject({ code: "forbidden" });

    const ack = await acknowledgeAlert(approver, { alertId: first.alertId });
    expect((await acknowledgeAlert(approver, { alertId: first.alertId })).acknowledgedAt).toBe(ack.acknowledgedAt);
    await expect(silenceAlert(approver, { alertId: first.alertId, until: "2020-01-01T00:00:00Z" })).rejects.toMatchObject({ code: "invalid_input" });
    const until = new Date(Date.now() + 3600_000).toISOString();
    await silenceAlert(approver, { alertId: first.alertId, until });
    const events = await t.db.select().from(alertEvents).where(eq(alertEvents.alertId, first.alertId!)).orderBy(asc(alertEvents.id));
    expect(events.map((e) => [e.type, e.actor])).toEqual([["fired", "system"], ["acknowledged", approver.actor.email], ["silenced", approver.actor.email]]);

    // Resolve and fire again while silenced: a new alert, and no delivery for it.
    await t.db.update(monitors).set({ threshold: 0.99 }).where(eq(monitors.id, monitor.id));
    expect(await evaluateMonitorAt(t.db, monitor.id, minute(11), minute(11))).toMatchObject({ transition: "resolved" });
    await t.db.update(monitors).set({ threshold: 0.1 }).where(eq(monitors.id, monitor.id));
    const again = await evaluateMonitorAt(t.db, monitor.id, minute(12), minute(12));
    expect(again).toMatchObject({ transition: "fired" });
    expect(again.alertId).not.toBe(first.alertId);
    expect(await t.db.$count(notificationDeliveries, eq(notificationDeliveries.alertId, again.alertId!))).toBe(0);
  });

  it("silences one alert: its resolution sends nothing, the page says until when, it is audited, and the monitor's next alert notifies", async () => {
    const approver = await actingAs(t.db, "approver");
    const channel = await createChannel(systemContext(t.db), { name: "one-alert hook", type: "slack", url: "http://127.0.0.1:9/one" });
    await createBinaryModel(t.db, "one-alert");
    await send(3, 7, "one-alert");
    const monitor = await createMonitor(approver, { model: "one-alert", name: "one alert", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.1, minN: 1, channels: [channel.id] });
    const first = await evaluateMonitorAt(t.db, monitor.id, minute(20), minute(20));
    expect(first).toMatchObject({ transition: "fired" });
    expect(await t.db.$count(notificationDeliveries, eq(notificationDeliveries.alertId, first.alertId!))).toBe(1);

    const until = new Date(Date.now() + 3600_000).toISOString();
    expect(await silenceAlert(approver, { alertId: first.alertId, until, scope: "alert" })).toEqual({ silencedUntil: until });
    const [alertRow] = await t.db.select().from(alerts).where(eq(alerts.id, first.alertId!));
    expect(alertRow!.silencedUntil?.toISOString()).toBe(until);
    const [monitorRow] = await t.db.select().from(monitors).where(eq(monitors.id, monitor.id));
    expect(monitorRow!.silencedUntil).toBeNull();
    const listed = (await listAlerts(approver, { model: "one-alert" })).alerts;
    expect(listed[0]).toMatchObject({ id: first.alertId, silencedUntil: until, monitor: { silencedUntil: null } });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, first.alertId!), eq(auditLog.action, "alert.silenced")));
    expect(audit).toMatchObject({ actorLabel: approver.actor.email, targetType: "alert", details: { alertId: first.alertId, until } });

    // It resolves while silenced: no "resolved" notification for it.
    await t.db.update(monitors).set({ threshold: 0.99 }).where(eq(monitors.id, monitor.id));
    expect(await evaluateMonitorAt(t.db, monitor.id, minute(21), minute(21))).toMatchObject({ transition: "resolved" });
    expect(await t.db.$count(notificationDeliveries, and(eq(notificationDeliveries.alertId, first.alertId!), eq(notificationDeliveries.event, "alert.resolved")))).toBe(0);
    // The monitor was never silenced: its next alert notifies.
    await t.db.update(monitors).set({ threshold: 0.1 }).where(eq(monitors.id, monitor.id));
    const again = await evaluateMonitorAt(t.db, monitor.id, minute(22), minute(22));
    expect(again).toMatchObject({ transition: "fired" });
    expect(await t.db.$count(notificationDeliveries, eq(notificationDeliveries.alertId, again.alertId!))).toBe(1);
  });
});
