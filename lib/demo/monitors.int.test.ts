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
  it("fired on the decayed spam filter before v2 was deployed and resolved after, by the time a newcomer opens Vigil, once", { timeout: 300_000 }, async () => {
    const now = new Date();
    await seedDemoHistory(t.db, { now });
    await refreshRollups(t.db);

    const seeded = await seedDemoMonitors(t.db, now);
    expect(seeded.created).toBe(7);
    expect(seeded.firing).toEqual(expect.arrayContaining(["Delivery-time MAE rose"]));
    // The confident, decayed filter kept its estimated accuracy: that monitor never fired.
    expect(seeded.firing).not.toContain("Estimated accuracy dropped");

    const v2 = new Date(now.getTime() - 4 * 86_400_000);
    for (const name of ["Spam share jumped", "Ground-truth accuracy dropped"]) {
      const [monitor] = await t.db.select().from(monitors).where(eq(monitors.name, name));
      const [alert] = await t.db.select().from(alerts).where(eq(alerts.monitorId, monitor!.id));
      // Fired an hour before v2's deploy, on v1's decayed mail; resolved now, on v2's.
      expect(alert).toMatchObject({ state: "resolved", severity: "critical", firedAt: new Date(v2.getTime() - 3_600_000) });
      expect((await t.db.select().from(alertEvents).where(eq(alertEvents.alertId, alert!.id))).map((e) => e.type)).toEqual(["fired", "action_requested", "resolved"]);
    }
    const [spamShare] = await t.db.select().from(monitors).where(eq(monitors.name, "Spam share jumped"));
    const [alert] = await t.db.select().from(alerts).where(eq(alerts.monitorId, spamShare!.id));
    // Well past its threshold (0.45) then: the decayed v1 flagged most of the day's mail; below its resolve line (0.4) with v2.
    expect(alert).toMatchObject({ threshold: 0.45 });
    expect(alert!.value).toBeGreaterThan(0.55);
    expect(spamShare!.lastValue).toBeLessThan(0.4);

    // The sequential monitor counted the history hour by hour from the reference window's end and
    // names where the decay began: the later mail arrives from day 18 of 30, twelve days ago, a
    // little at first (measured: 11.6 days ago); v2's recovery, four days ago, resolved it.
    const [sequential] = await t.db.select().from(monitors).where(eq(monitors.name, "Accuracy decay (sequential)"));
    const [decay] = await t.db.select().from(alerts).where(eq(alerts.monitorId, sequential!.id)).orderBy(alerts.firedAt);
    const daysAgo = (now.getTime() - decay!.changePointAt!.getTime()) / 86_400_000;
    expect(daysAgo).toBeGreaterThan(9.5);
    expect(daysAgo).toBeLessThan(13.5);
    expect(decay).toMatchObject({ state: "resolved" });

    // A second start changes nothing.
    expect(await seedDemoMonitors(t.db, new Date())).toEqual({ created: 0, firing: [] });
    expect(await t.db.$count(alerts, eq(alerts.monitorId, spamShare!.id))).toBe(1);
  });
});
