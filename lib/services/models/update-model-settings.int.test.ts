import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, models } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { updateModelSettings } from "./update-model-settings";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam");
});
afterAll(async () => t.drop());

describe("updateModelSettings", () => {
  it("sets the reference window as whole UTC days and the label maturity, with an audit row", async () => {
    const admin = await actingAs(t.db, "admin");
    const model = await updateModelSettings(admin, { slug: "spam", referenceFrom: "2026-11-01", referenceTo: "2026-11-07", labelMaturityDays: "30" });
    expect(model.referenceFrom!.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    // The last day is included: the window ends at the start of the next.
    expect(model.referenceTo!.toISOString()).toBe("2026-11-08T00:00:00.000Z");
    expect(model.labelMaturityDays).toBe(30);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "model.settings_changed"));
    expect(audit!.details).toMatchObject({ to: { referenceFrom: "2026-11-01T00:00:00.000Z", labelMaturityDays: 30 } });
  });

  it("sets the drift minimum, audited, and keeps it when a caller leaves it out", async () => {
    const admin = await actingAs(t.db, "admin");
    expect((await t.db.select().from(models).where(eq(models.slug, "spam")))[0]!.driftMinN).toBe(100);
    const model = await updateModelSettings(admin, { slug: "spam", referenceFrom: "", referenceTo: "", labelMaturityDays: 7, driftMinN: "250" });
    expect(model.driftMinN).toBe(250);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, "model.settings_changed"));
    expect(audits.at(-1)!.details).toMatchObject({ from: { driftMinN: 100 }, to: { driftMinN: 250 } });
    expect((await updateModelSettings(admin, { slug: "spam", referenceFrom: "", referenceTo: "", labelMaturityDays: 7 })).driftMinN).toBe(250);
    for (const [value, message] of [["0", "must be at least 1"], ["2.5", "must be a whole number"], ["many", "must be a number of predictions"]] as const) {
      await expect(updateModelSettings(admin, { slug: "spam", referenceFrom: "", referenceTo: "", labelMaturityDays: 7, driftMinN: value })).rejects.toMatchObject({ fieldErrors: { driftMinN: [message] } });
    }
    await updateModelSettings(admin, { slug: "spam", referenceFrom: "", referenceTo: "", labelMaturityDays: 7, driftMinN: 100 });
  });

  it("goes back to the default window when both ends are cleared", async () => {
    const model = await updateModelSettings(systemContext(t.db), { slug: "spam", referenceFrom: "", referenceTo: "", labelMaturityDays: 7 });
    expect(model.referenceFrom).toBeNull();
    expect(model.referenceTo).toBeNull();
  });

  it("explains a half-set or backwards window and a bad maturity, and changes nothing", async () => {
    const ctx = systemContext(t.db);
    await expect(updateModelSettings(ctx, { slug: "spam", referenceFrom: "2026-11-01", referenceTo: "", labelMaturityDays: 7 })).rejects.toMatchObject({
      fieldErrors: { referenceTo: ["Set both ends of the window, or neither for the default"] },
    });
    await expect(updateModelSettings(ctx, { slug: "spam", referenceFrom: "2026-11-09", referenceTo: "2026-11-01", labelMaturityDays: 7 })).rejects.toMatchObject({
      fieldErrors: { referenceTo: ["must be after the start"] },
    });
    await expect(updateModelSettings(ctx, { slug: "spam", referenceFrom: "", referenceTo: "", labelMaturityDays: -1 })).rejects.toMatchObject({
      fieldErrors: { labelMaturityDays: ["cannot be negative"] },
    });
    const [model] = await t.db.select().from(models).where(eq(models.slug, "spam"));
    expect(model!.labelMaturityDays).toBe(7);
  });

  it("is for admins only", async () => {
    const viewer = await actingAs(t.db, "viewer");
    await expect(updateModelSettings(viewer, { slug: "spam", referenceFrom: "", referenceTo: "", labelMaturityDays: 3 })).rejects.toMatchObject({ code: "forbidden" });
  });
});
