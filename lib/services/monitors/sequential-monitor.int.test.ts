import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { alerts, monitors, models } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { advanceSequential } from "@/lib/monitors/sequential";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { createMonitor } from "./create-monitor";
import { evaluateMonitorAt } from "./evaluate-monitor";
import { loadMonitorView } from "./monitor-view";

let t: TestDatabase;
const hour = (day: number, h: number) => new Date(Date.UTC(2026, 0, day, h));
beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "seq");
  // The reference window: 2 January, 24 hours.
  await t.db.update(models).set({ referenceFrom: hour(2, 0), referenceTo: hour(3, 0) }).where(eq(models.slug, "seq"));
});
afterAll(async () => t.drop());

let sequence = 0;
/** `spam` of 60 predictions in each of `hours` hours of 3 January (or 2 January for the reference). */
async function send(day: number, hours: number[], spam: number) {
  const rows = hours.flatMap((h) =>
    Array.from({ length: 60 }, (_, i) => ({ id: `s${sequence++}`, timestamp: new Date(hour(day, h).getTime() + i * 60_000).toISOString(), score: i < spam ? 0.9 : 0.1, label: i < spam ? "spam" : "ham", features: { length: 1 } })),
  );
  await ingestPredictions(systemContext(t.db), { model: "seq", predictions: rows });
}

describe("a sequential monitor", () => {
  it("counts each complete hour once, whatever the ticks, fires with the change point, and states its numbers", async () => {
    await send(2, Array.from({ length: 24 }, (_, h) => h), 18); // 30% spam
    await send(3, [0, 1, 2, 3, 4, 5], 18);
    const approver = await actingAs(t.db, "approver");
    const monitor = await createMonitor(approver, { model: "seq", name: "spam share rose", kind: "sequential", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.1, falseAlarmDays: 30 });
    expect(monitor).toMatchObject({ kind: "sequential", falseAlarmDays: 30, sequential: null });
    const at = (h: number, minute = 30) => new Date(hour(3, h).getTime() + minute * 60_000);
    const evaluate = (tick: Date, now = tick) => evaluateMonitorAt(t.db, monitor.id, tick, now);

    // First evaluation: the baseline from the reference (30%), the volume today's (1,440 in the last 24 hours: 60 an hour), then hours 00-05.
    expect(await evaluate(at(6))).toMatchObject({ evaluated: true, state: "ok", verdict: "clear", value: 0, n: 360 });
    const view = await loadMonitorView(t.db, monitor.id);
    expect(view.sequential).toMatchObject({ baseline: 0.3, trialsPerHour: 60, countedThrough: hour(3, 6).toISOString() });
    expect(view.sequential!.falseAlarmDays).toBeGreaterThanOrEqual(30);
    expect(view.sequential!.falseAlarmDays).toBeLessThan(45);
    expect(view.sequential!.delayHours).toBeLessThan(24);
    // No new complete hour: nothing counted, nothing changes.
    expect(await evaluate(at(6, 31))).toMatchObject({ evaluated: true, verdict: "no-data" });

    // Hours 06-08 a little above (24 of 60): evaluated by two ticks at once, they are counted once.
    await send(3, [6, 7, 8], 24);
    const [before] = await t.db.select().from(monitors).where(eq(monitors.id, monitor.id));
    const once = advanceSequential(before!.sequentialState!, false, [6, 7, 8].map((h) => ({ start: hour(3, h).toISOString(), trials: 60, successes: 24 })));
    const both = await Promise.all([evaluate(at(9, 1)), evaluate(at(9, 2), at(9, 2))]);
    expect(both.filter((r) => r.evaluated).length).toBeGreaterThanOrEqual(1);
    const [after] = await t.db.select().from(monitors).where(eq(monitors.id, monitor.id));
    expect(after!.sequentialState!.high).toBeCloseTo(once.state.high, 10);
    expect(after!.sequentialState!.through).toBe(hour(3, 9).toISOString());
    expect(once.state.high).toBeGreaterThan(0);

    // Hours 09-11 low (20%) bring the sum back to zero; from 12:00 the share is 50%: it fires
    // within hours, naming 12:00, where the sum last left zero, as the change point.
    await send(3, [9, 10, 11], 12);
    await send(3, [12, 13, 14, 15, 16, 17], 30);
    const fired = await evaluate(at(18));
    expect(fired).toMatchObject({ evaluated: true, state: "firing", transition: "fired" });
    const [alert] = await t.db.select().from(alerts).where(eq(alerts.id, fired.alertId!));
    expect(alert!.changePointAt?.toISOString()).toBe(hour(3, 12).toISOString());
    expect(alert!.threshold).toBeCloseTo(0.4, 10);
    expect(alert!.value).toBeCloseTo(0.5, 10);
    // A doubled tick fires nothing more.
    expect(await evaluate(at(18))).toMatchObject({ evaluated: false });
    expect(await t.db.$count(alerts, eq(alerts.monitorId, monitor.id))).toBe(1);
  });

  it("refuses what a sequential monitor cannot watch, with clear messages", async () => {
    const approver = await actingAs(t.db, "approver");
    await expect(createMonitor(approver, { model: "seq", name: "x", kind: "sequential", metric: "scorePsi", window: "24h", comparison: "above", threshold: 0.1 })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { metric: [expect.stringContaining("rate counted each hour")] },
    });
    await expect(createMonitor(approver, { model: "seq", name: "y", kind: "sequential", metric: "positiveRate", window: "24h", comparison: "below", threshold: 1.5 })).rejects.toMatchObject({
      fieldErrors: { threshold: [expect.stringContaining("between 0 and 1")] },
    });
  });
});
