import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { alertEvents, alerts, monitorEvaluations } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { refreshRollups } from "@/lib/services/metrics";
import { setSegmentFeatures } from "@/lib/services/models";
import { twoProportionLowerP } from "@/lib/stats/two-proportion";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { createMonitor } from "./create-monitor";
import { evaluateMonitorAt } from "./evaluate-monitor";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const at = new Date(Date.UTC(2026, 0, 5, 12, 5));
/** Per domain: [labelled predictions, right ones], all on 5 January 11:00–11:59, declared as a segment. */
async function modelWith(slug: string, slices: [string, number, number][]) {
  await createBinaryModel(t.db, slug);
  const predictions = slices.flatMap(([domain, n, right]) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${domain}-${i}`,
      timestamp: new Date(Date.UTC(2026, 0, 5, 11, i % 60)).toISOString(),
      score: 0.9,
      label: "spam",
      features: { domain },
      actual: { label: i < right ? "spam" : "ham" },
    })),
  );
  await ingestPredictions(systemContext(t.db), { model: slug, predictions });
  await refreshRollups(t.db);
  await setSegmentFeatures(systemContext(t.db), { slug, segmentFeatures: ["domain"] });
  await refreshRollups(t.db);
}

const anySlice = { name: "a domain decayed", metric: "groundTruthAccuracy", sliceFeature: "domain", window: "24h", comparison: "above", threshold: 0.1, minN: 30, alpha: 0.05, severity: "warning", policy: "notify" };

describe("monitors on slices", () => {
  it("over any slice: fires on the bad slice with Benjamini–Hochberg q-values computed by hand, and the alert names it", async () => {
    const family: [string, number, number][] = [["a.example", 40, 20], ["b.example", 100, 90], ["c.example", 100, 88], ["e.example", 60, 51], ["small.example", 20, 2]];
    await modelWith("decayed", family);
    const approver = await actingAs(t.db, "approver");
    const monitor = await createMonitor(approver, { ...anySlice, model: "decayed" });
    expect(monitor).toMatchObject({ sliceFeature: "domain", sliceValue: null });

    const result = await evaluateMonitorAt(t.db, monitor.id, at, at);
    expect(result).toMatchObject({ evaluated: true, state: "firing", transition: "fired", n: 40 });
    // a.example: 20 of 40 against the rest's 231 of 280.
    expect(result.value).toBeCloseTo(231 / 280 - 0.5, 12);

    const [alert] = await t.db.select().from(alerts).where(eq(alerts.monitorId, monitor.id));
    expect(alert!.slice).toEqual({ feature: "domain", value: "a.example" });
    const [fired] = await t.db.select().from(alertEvents).where(eq(alertEvents.alertId, alert!.id)).orderBy(asc(alertEvents.id));
    expect(fired!.details).toMatchObject({ slice: { feature: "domain", value: "a.example" } });

    // The q-values by hand: m = 4 slices of at least 30 labelled (small.example is left out, but in each one's rest).
    const [evaluation] = await t.db.select().from(monitorEvaluations).where(eq(monitorEvaluations.monitorId, monitor.id));
    const slices = (evaluation!.details as { slices: { value: string; pValue: number; qValue: number; significant: boolean }[] }).slices;
    const tested = family.filter(([, n]) => n >= 30);
    const p = tested.map(([value, n, right]) => ({ value, p: twoProportionLowerP(right, n, 251 - right, 320 - n)! })).sort((x, y) => x.p - y.p);
    const q = [0, 0, 0, 0];
    q[3] = Math.min(1, p[3]!.p);
    q[2] = Math.min(q[3], (4 * p[2]!.p) / 3);
    q[1] = Math.min(q[2], (4 * p[1]!.p) / 2);
    q[0] = Math.min(q[1], (4 * p[0]!.p) / 1);
    expect(slices.map((s) => s.value).sort()).toEqual(tested.map(([v]) => v).sort());
    p.forEach(({ value }, i) => {
      const s = slices.find((x) => x.value === value)!;
      expect(s.qValue).toBeCloseTo(q[i]!, 12);
      expect(s.significant).toBe(q[i]! <= 0.05);
    });
  });

  it("over any slice: does not fire on a data set where no slice decayed", async () => {
    await modelWith("steady", [["a.example", 100, 90], ["b.example", 100, 91], ["c.example", 80, 72], ["d.example", 60, 54]]);
    const approver = await actingAs(t.db, "approver");
    const monitor = await createMonitor(approver, { ...anySlice, model: "steady" });
    expect(await evaluateMonitorAt(t.db, monitor.id, at, at)).toMatchObject({ evaluated: true, state: "ok", verdict: "clear", value: 0 });
    expect(await t.db.select().from(alerts).where(eq(alerts.monitorId, monitor.id))).toEqual([]);
  });

  it("on one slice: fires when that slice's accuracy is below the threshold, and names it", async () => {
    const approver = await actingAs(t.db, "approver");
    const bad = await createMonitor(approver, { ...anySlice, model: "decayed", name: "a.example", sliceValue: "a.example", comparison: "below", threshold: 0.7 });
    const good = await createMonitor(approver, { ...anySlice, model: "decayed", name: "b.example", sliceValue: "b.example", comparison: "below", threshold: 0.7 });
    expect(await evaluateMonitorAt(t.db, bad.id, at, at)).toMatchObject({ state: "firing", value: 0.5, n: 40 });
    expect(await evaluateMonitorAt(t.db, good.id, at, at)).toMatchObject({ state: "ok", value: 0.9, n: 100 });
    const [alert] = await t.db.select().from(alerts).where(eq(alerts.monitorId, bad.id));
    expect(alert!.slice).toEqual({ feature: "domain", value: "a.example" });
  });

  it("refuses a slice of a feature the model does not split by, another metric, and a band over any slice", async () => {
    const approver = await actingAs(t.db, "approver");
    await expect(createMonitor(approver, { ...anySlice, model: "decayed", name: "x", sliceFeature: "size" })).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { sliceFeature: [expect.stringContaining("not a segment feature")] } });
    await expect(createMonitor(approver, { ...anySlice, model: "decayed", name: "x", metric: "positiveRate" })).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { sliceFeature: [expect.any(String)] } });
    await expect(createMonitor(approver, { ...anySlice, model: "decayed", name: "x", comparison: "below" })).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { comparison: [expect.any(String)] } });
    await expect(createMonitor(approver, { ...anySlice, model: "decayed", name: "x", sliceFeature: undefined, sliceValue: "a.example" })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
