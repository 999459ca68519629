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
    expect(seeded.created).toBe(7);
    expect(seeded.firing).toEqual(expect.arrayContaining(["Spam share jumped", "Ground-truth accuracy dropped", "Accuracy decay (sequential)", "Delivery-time MAE rose"]));
    // The confident, decayed filter keeps its estimated accuracy: that monitor stays OK.
    expect(seeded.firing).not.toContain("Estimated accuracy dropped");

    const [spamShare] = await t.db.select().from(monitors).where(eq(monitors.name, "Spam share jumped"));
    expect(spamShare).toMatchObject({ state: "firing" });
    // Well past its threshold (0.45): the decayed filter flags about 60% of the last day's mail.
    expect(spamShare!.lastValue).toBeGreaterThan(0.55);
    const [alert] = await t.db.select().from(alerts).where(eq(alerts.monitorId, spamShare!.id));
    expect(alert).toMatchObject({ state: "firing", severity: "critical", threshold: 0.45 });
    expect((await t.db.select().from(alertEvents).where(eq(alertEvents.alertId, alert!.id))).map((e) => e.type)).toEqual(["fired", "action_requested"]);

    // The sequential monitor counted the history hour by hour from the reference window's end and
    // names where the decay began: the later mail arrives from day 20 of 30, ten days ago (measured:
    // 11.3 days ago, the sum left zero about a day before the first later mail and never returned).
    const [sequential] = await t.db.select().from(monitors).where(eq(monitors.name, "Accuracy decay (sequential)"));
    const [decay] = await t.db.select().from(alerts).where(eq(alerts.monitorId, sequential!.id));
    const daysAgo = (now.getTime() - decay!.changePointAt!.getTime()) / 86_400_000;
    expect(daysAgo).toBeGreaterThan(7);
    expect(daysAgo).toBeLessThan(12);

    // A second start changes nothing.
    expect(await seedDemoMonitors(t.db, new Date())).toEqual({ created: 0, firing: [] });
    expect(await t.db.$count(alerts, eq(alerts.monitorId, spamShare!.id))).toBe(1);
  });
});
