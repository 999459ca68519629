import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, labellingItems, samplingPolicies } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { seedDemo } from "@/lib/demo/seed";
import { seedDemoLabelling } from "@/lib/demo/labelling";
import { seedDemoHistory } from "@/lib/demo/history";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel, createRegressionModel } from "@/test/api";
import { setSamplingPolicy } from "./set-sampling-policy";
import { getSamplingPolicy } from "./get-sampling-policy";
import { claimNextItem } from "./claim-next-item";
import { skipItem } from "./skip-item";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const base = { rate: "0.1", stratifyBy: "none", stratumRates: {}, dailyCap: "", showPrediction: false, leaseMinutes: "10" };

describe("sampling policies", () => {
  it("shows the defaults until an admin sets a policy, with an audit row", async () => {
    await createBinaryModel(t.db, "spam");
    const admin = await actingAs(t.db, "admin");
    expect(await getSamplingPolicy(admin, "spam")).toMatchObject({
      isDefault: true,
      policy: { rate: 0.05, stratifyBy: "none", stratumRates: {}, dailyCap: null, showPrediction: false, leaseMinutes: 10 },
      queue: { open: 0, labelled: 0, skips: { cannot_judge: 0, unclear_input: 0, other: 0 } },
    });
    const saved = await setSamplingPolicy(admin, { ...base, slug: "spam", stratifyBy: "predicted_class", stratumRates: { spam: "0.3", ham: "" }, dailyCap: "500", showPrediction: true, leaseMinutes: "15" });
    expect(saved).toEqual({ rate: 0.1, stratifyBy: "predicted_class", stratumRates: { spam: 0.3 }, dailyCap: 500, showPrediction: true, leaseMinutes: 15, overlapShare: 0 });
    expect(await getSamplingPolicy(admin, "spam")).toMatchObject({ isDefault: false, policy: saved });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "labelling.policy_changed"));
    expect(audit).toMatchObject({ actorLabel: admin.actor.email, details: { from: "defaults", to: saved } });
  });

  it("explains what does not fit the model, and changes nothing", async () => {
    await createRegressionModel(t.db, "eta");
    const admin = await actingAs(t.db, "admin");
    await expect(setSamplingPolicy(admin, { ...base, slug: "eta", stratifyBy: "predicted_class" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { stratifyBy: ["A regression model has no classes: choose no strata"] },
    });
    await expect(setSamplingPolicy(admin, { ...base, slug: "eta", stratifyBy: "score_band" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(setSamplingPolicy(admin, { ...base, slug: "spam", stratifyBy: "predicted_class", stratumRates: { eggs: "0.2" } })).rejects.toMatchObject({
      fieldErrors: { "stratumRates.eggs": ["eggs is not a stratum of this model under this choice"] },
    });
    await expect(setSamplingPolicy(admin, { ...base, slug: "spam", rate: "1.5", dailyCap: "0", leaseMinutes: "0" })).rejects.toMatchObject({
      fieldErrors: { rate: ["must be between 0 and 1"], dailyCap: ["must be at least 1, or empty for no cap"], leaseMinutes: ["must be at least 1 minute"] },
    });
    await expect(setSamplingPolicy(admin, { ...base, slug: "spam", stratifyBy: "score_band", stratumRates: { "0.8-1.0": "half" } })).rejects.toMatchObject({
      fieldErrors: { "stratumRates.0.8-1.0": ["must be a number between 0 and 1"] },
    });
    expect(await t.db.$count(samplingPolicies, sql`true`)).toBe(1);
  });

  it("is for admins and approvers, never annotators or viewers", async () => {
    for (const role of ["annotator", "viewer"] as const) {
      const ctx = await actingAs(t.db, role);
      await expect(setSamplingPolicy(ctx, { ...base, slug: "spam" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(getSamplingPolicy(ctx, "spam")).rejects.toMatchObject({ code: "forbidden" });
    }
    const approver = await actingAs(t.db, "approver");
    const before = await getSamplingPolicy(approver, "spam");
    expect(await setSamplingPolicy(approver, { ...base, slug: "spam", rate: "0.2" })).toMatchObject({ rate: 0.2 });
    await setSamplingPolicy(approver, { ...base, slug: "spam", ...before.policy, dailyCap: before.policy.dailyCap ?? "", stratumRates: before.policy.stratumRates });
  });

  it("counts the queue and the skips per reason", async () => {
    const model = await createBinaryModel(t.db, "counted");
    const admin = await actingAs(t.db, "admin");
    await setSamplingPolicy(admin, { ...base, slug: "counted", rate: "1" });
    await ingestPredictions(systemContext(t.db), { model: "counted", predictions: [1, 2, 3].map((i) => ({ id: `c${i}`, score: 0.2, label: "ham" })) });
    const ada = await actingAs(t.db, "annotator");
    const bob = await actingAs(t.db, "annotator");
    const a = await claimNextItem(ada, { model: "counted" });
    await skipItem(ada, { itemId: a!.itemId, reason: "cannot_judge" });
    const b = await claimNextItem(bob, { model: "counted" });
    await skipItem(bob, { itemId: b!.itemId, reason: "other", note: "Message is in Finnish" });
    const view = await getSamplingPolicy(admin, "counted");
    expect(view.queue).toMatchObject({ open: 3, labelled: 0, createdToday: 3, skips: { cannot_judge: 1, unclear_input: 0, other: 1 }, strata: [{ stratum: "all", items: 3, labelled: 0 }] });
    expect(await t.db.$count(labellingItems, and(eq(labellingItems.modelId, model.id)))).toBe(3);
  });
});

describe("the demo's policy", () => {
  it("is created before the history, so the spam filter's history is sampled by predicted class, once", { timeout: 180_000 }, async () => {
    const demo = await createTestDatabase();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "vigil-demo-labelling-"));
    try {
      await seedDemo(demo.db, dataDir);
      expect(await seedDemoLabelling(demo.db)).toEqual({ created: ["spam-filter"] });
      expect(await seedDemoLabelling(demo.db)).toEqual({ created: [] });
      await seedDemoHistory(demo.db, { days: 4, perDay: 500 });
      const strata = await demo.db.execute<{ slug: string; stratum: string; n: number; p: number }>(sql`
        select m.slug, i.stratum, count(*)::int as n, min(i.inclusion_probability) as p
        from labelling_items i join models m on m.id = i.model_id group by m.slug, i.stratum order by m.slug, i.stratum`);
      expect(strata.map((s) => `${s.slug}:${s.stratum}:${s.p}`)).toEqual(["delivery-time:all:0.05", "mail-triage:all:0.05", "spam-filter:ham:0.05", "spam-filter:spam:0.05"]);
      const spam = strata.filter((s) => s.slug === "spam-filter").reduce((sum, s) => sum + s.n, 0);
      // 2,000 predictions at 5%.
      expect(spam).toBeGreaterThan(60);
      expect(spam).toBeLessThan(140);
    } finally {
      await demo.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
