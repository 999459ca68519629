import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { previewMonitor } from "./preview-monitor";
import { createMonitor } from "./create-monitor";
import { evaluateMonitorAt } from "./evaluate-monitor";
import { HISTORY_POINTS } from "./metric-history";
import { refreshRollups } from "../metrics";
import { listFeatureNames } from "./list-feature-names";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam");
  // Two hours ago: 30 of 100 flagged.
  const at = new Date(Date.now() - 2 * 3600_000).toISOString();
  const rows = Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, timestamp: at, score: i < 30 ? 0.9 : 0.1, label: i < 30 ? "spam" : "ham", features: { length: i } }));
  await ingestPredictions(systemContext(t.db), { model: "spam", predictions: rows });
  // Page views (the preview is one) only read rollups.
  await refreshRollups(t.db);
});
afterAll(async () => t.drop());

describe("the form's preview", () => {
  it("draws what the monitor would read, before a threshold is entered and after", async () => {
    const viewer = await actingAs(t.db, "viewer");
    const half = await previewMonitor(viewer, { model: "spam", metric: "positiveRate", window: "24h", comparison: "above", threshold: "", minN: "50" });
    expect(half.points).toHaveLength(HISTORY_POINTS);
    expect(half.limits).toBeNull();
    // The last point is now: its 24 h window holds the 100 predictions; two weeks ago held none.
    expect(half.points.at(-1)).toMatchObject({ value: 0.3, n: 100 });
    expect(half.points[0]).toMatchObject({ value: null, n: 0 });

    const full = await previewMonitor(viewer, { model: "spam", metric: "positiveRate", window: "24h", comparison: "above", threshold: "0.25", resolveThreshold: "0.2", minN: "50" });
    expect(full.limits).toEqual({ threshold: 0.25, thresholdHigh: null, resolve: 0.2, resolveHigh: null });
    expect(full.minN).toBe(50);

    // The same figure the evaluation reads.
    const approver = await actingAs(t.db, "approver");
    const monitor = await createMonitor(approver, { model: "spam", name: "m", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.25, minN: 50 });
    const now = new Date();
    expect(await evaluateMonitorAt(t.db, monitor.id, now, now)).toMatchObject({ value: 0.3, n: 100, state: "firing" });
  });

  it("states a sequential monitor's false alarms and detection delay at the model's volume today", async () => {
    const viewer = await actingAs(t.db, "viewer");
    const preview = await previewMonitor(viewer, { model: "spam", kind: "sequential", metric: "positiveRate", window: "24h", comparison: "above", threshold: "0.1", falseAlarmDays: "30" });
    expect(preview.limits).toBeNull();
    // The reference (the first week of data) holds the 100 predictions at 30%; today, 100 in 24 hours: about 4 an hour.
    expect(preview.sequential).toMatchObject({ baseline: 0.3, trialsPerHour: 4, shift: 0.1, direction: "above" });
    expect(preview.sequential!.falseAlarmDays).toBeGreaterThanOrEqual(30);
    expect(preview.sequential!.falseAlarmDays).toBeLessThan(45);
    expect(preview.sequential!.delayHours).toBeGreaterThan(1);
    // Before the change is typed: the values, no statement yet.
    expect((await previewMonitor(viewer, { model: "spam", kind: "sequential", metric: "positiveRate", window: "24h", comparison: "above", threshold: "" })).sequential).toBeNull();
  });

  it("explains what cannot be previewed", async () => {
    const viewer = await actingAs(t.db, "viewer");
    await expect(previewMonitor(viewer, { model: "spam", metric: "mae", window: "24h", threshold: "1" })).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { metric: ["A binary model has no mae"] } });
    await expect(previewMonitor(viewer, { model: "nope", metric: "positiveRate", window: "24h" })).rejects.toMatchObject({ code: "not_found" });
    await expect(previewMonitor(viewer, { model: "spam", metric: "positiveRate", window: "a week" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("suggests the features each model has had", async () => {
    expect(await listFeatureNames(await actingAs(t.db, "viewer"))).toEqual({ spam: ["length"] });
  });
});
