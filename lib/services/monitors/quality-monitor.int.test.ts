import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { alerts, models } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { createMonitor } from "./create-monitor";
import { evaluateMonitorAt } from "./evaluate-monitor";

let t: TestDatabase;
const DAY = 24 * 3600_000;
const REFERENCE = Date.UTC(2026, 0, 3);

beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "mail");
  await t.db.update(models).set({ referenceFrom: new Date(REFERENCE), referenceTo: new Date(REFERENCE + DAY) }).where(eq(models.slug, "mail"));
  // Reference: every prediction has its body length and domain. 5 January, 11:00: 60% come without a body.
  const rows = (prefix: string, start: number, n: number, missing: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}${i}`, timestamp: new Date(start + (i % 60) * 60_000).toISOString(), score: 0.2, label: "ham",
      features: { domain: "a.org", ...(i < missing ? {} : { body: 100 + (i % 7) }) },
    }));
  await ingestPredictions(systemContext(t.db), { model: "mail", predictions: [...rows("r", REFERENCE + 10 * 3600_000, 200, 0), ...rows("c", Date.UTC(2026, 0, 5, 11), 200, 120)] });
});
afterAll(async () => t.drop());

describe("a monitor on a feature's missing share", () => {
  it("fires when one feature's share of missing values passes the threshold", async () => {
    const approver = await actingAs(t.db, "approver");
    const monitor = await createMonitor(approver, { model: "mail", name: "body went missing", metric: "featureMissing", feature: "body", window: "24h", comparison: "above", threshold: 0.3, minN: 50 });
    const at = new Date(Date.UTC(2026, 0, 5, 12, 1));
    expect(await evaluateMonitorAt(t.db, monitor.id, at, at)).toMatchObject({ evaluated: true, state: "firing", verdict: "breach", value: 0.6, n: 200 });
    expect(await t.db.select().from(alerts).where(eq(alerts.monitorId, monitor.id))).toHaveLength(1);
  });

  it("watches every feature at once: the largest share, and stays quiet on a feature that is never missing", async () => {
    const approver = await actingAs(t.db, "approver");
    const any = await createMonitor(approver, { model: "mail", name: "any feature missing", metric: "featureMissing", window: "24h", comparison: "above", threshold: 0.3, minN: 50 });
    expect(any).toMatchObject({ allFeatures: true, feature: null });
    const domain = await createMonitor(approver, { model: "mail", name: "domain missing", metric: "featureMissing", feature: "domain", window: "24h", comparison: "above", threshold: 0.3, minN: 50 });
    const at = new Date(Date.UTC(2026, 0, 5, 12, 2));
    expect(await evaluateMonitorAt(t.db, any.id, at, at)).toMatchObject({ state: "firing", value: 0.6, n: 200 });
    expect(await evaluateMonitorAt(t.db, domain.id, at, at)).toMatchObject({ state: "ok", value: 0, n: 200 });
  });
});
