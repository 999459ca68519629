import { expect, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { eq } from "drizzle-orm";
import type { Role } from "@/lib/auth/roles";
import { modelPipelines, models, trainingExamples } from "@/lib/db/schema";
import { trainAndDeploy } from "@/lib/demo/first-version";
import { systemContext } from "@/lib/services/context";
import { createUser } from "@/lib/services/users";
import { syntheticExamples } from "@/test/training";
import { demoApiKey, expectSignedInAs, signIn } from "./support";
import { withE2eDatabase } from "./e2e-database";

// Seed helpers for specs that change what they touch: each makes things of the calling spec's
// own, so that no other spec running beside it sees them change. What has no API is written on
// the e2e server's own database (e2e-database.ts).

/**
 * A built-in binary model (classes ham and spam) with v1 trained and in production: registered
 * through the API; its pipeline (built-in trainer and target, one approver), 300 training
 * examples and v1 by the seed helper.
 */
export async function createOwnBuiltInModel(request: APIRequestContext, model: { slug: string; name: string }): Promise<void> {
  const created = await request.post("/api/v1/models", {
    headers: { authorization: `Bearer ${demoApiKey()}` },
    data: { ...model, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" },
  });
  expect(created.status(), await created.text()).toBe(201);
  await withE2eDatabase(async (db) => {
    const [row] = await db.select({ id: models.id }).from(models).where(eq(models.slug, model.slug));
    await db.insert(modelPipelines).values({ modelId: row!.id, trainer: "built-in", deployTarget: "built-in", deployPolicy: "approval", approvalsRequired: 1, dataWindowDays: 30 });
    await db.insert(trainingExamples).values(syntheticExamples(row!.id, 300, model.slug));
    expect(await trainAndDeploy(db, model.slug, { label: "browser test seed" })).toBe("v1");
  });
}

/**
 * A person of the calling test's own with `role`, signed in through the real form: their labels,
 * undo and daily tally are theirs alone (the demo users are shared by every spec).
 */
export async function signedInAsNewUser(browser: Browser, role: Role): Promise<{ context: BrowserContext; email: string }> {
  const email = `${role}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@e2e.local`;
  const password = "a-long-enough-e2e-password";
  await withE2eDatabase((db) => createUser(systemContext(db, "browser test seed"), { email, name: `E2E ${role}`, role, password }));
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email, password);
  await expectSignedInAs(page, email);
  await page.close();
  return { context, email };
}
