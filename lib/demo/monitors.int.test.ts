import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { alertEvents, alerts, models, monitors } from "@/lib/db/schema";
import { refreshRollups } from "@/lib/services/metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { DEMO_MODELS } from "./seed";
import { seedDemoHistory } from "./history";
import { seedDemoMonitors } from "./monitors";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // The monitors watch the spam filter and delivery-time; the mail triage would only add seeding time.
  await t.db.insert(models).values(DEMO_MODELS.filter((m) => m.slug !== "mail-triage"));
});
afterAll(async () => t.drop());

describe("the demo monitors", () => {
  it("have fired on the decayed spam filter by the time a newcomer opens Vigil, once", { timeout: 300_000 }, async () => {
    const now = new Date();
    await seedDemoHistory(t.db, { now });
    await refreshRollups(t.db);

    const seeded = await seedDemoMonitors(t.db, now);
    expect(seeded.created).toBe(6);
    expect(seeded.firing).toEqual(expect.arrayContaining(["Spam share jumped", "Ground-truth accuracy dropped", "Delivery-time MAE rose"]));
    // The confident, decayed filter keeps its estimated accuracy: that monitor stays OK.
    expect(seeded.firing).not.toContain("Estimated accuracy dropped");

    const [spamShare] = await t.db.select().from(monitors).where(eq(monitors.name, "Spam share jumped"));
    expect(spamShare).toMatchObject({ state: "firing" });
    // Well past its threshold (0.45): the decayed filter flags about 60% of the last day's mail.
    expect(spamShare!.lastValue).toBeGreaterThan(0.55);
    const [alert] = await t.db.select().from(alerts).where(eq(alerts.monitorId, spamShare!.id));
    expect(alert).toMatchObject({ state: "firing", severity: "critical", threshold: 0.45 });
    expect((await t.db.select().from(alertEvents).where(eq(alertEvents.alertId, alert!.id))).map((e) => e.type)).toEqual(["fired", "action_requested"]);

    // A second start changes nothing.
    expect(await seedDemoMonitors(t.db, new Date())).toEqual({ created: 0, firing: [] });
    expect(await t.db.$count(alerts, eq(alerts.monitorId, spamShare!.id))).toBe(1);
  });
});
