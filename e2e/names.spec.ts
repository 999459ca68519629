import { expect, test } from "@playwright/test";
import { createOwnBuiltInModel } from "./seed";
import { demoApiKey, storageStateFor } from "./support";

// A person reads about another object by its name, linked, never by a bare id: the deploy a
// monitor asked for, the run it started, the monitor the automatic rollback watches.

test.use({ storageState: storageStateFor("approver") });

test("a deploy and a run a monitor asked for name it and link to it; the rollback monitor is picked by name", async ({ page, request }) => {
  test.setTimeout(180_000);
  const slug = `names-${Date.now().toString(36)}`;
  const name = `Names ${slug}`;
  await createOwnBuiltInModel(request, { slug, name });
  const auth = { authorization: `Bearer ${demoApiKey()}` };
  const created = await request.post("/api/v1/monitors", {
    headers: auth,
    data: { model: slug, name: "Names spam share jumped", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 20, severity: "warning", policy: "propose-retrain" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const monitorId = ((await created.json()) as { id: string }).id;
  const quiet = await request.post("/api/v1/monitors", {
    headers: auth,
    data: { model: slug, name: "Names accuracy fell", metric: "estimatedAccuracy", window: "24h", comparison: "below", threshold: 0.5, minN: 20, severity: "warning" },
  });
  expect(quiet.status()).toBe(201);
  const predictions = Array.from({ length: 40 }, (_, i) => ({ id: `n-${i}`, score: i % 10 ? 0.9 : 0.2, label: i % 10 ? "spam" : "ham", features: { links: i % 10 ? 4 : 0 } }));
  expect((await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } })).status()).toBe(200);
  await request.post(`/api/v1/monitors/${monitorId}/evaluate`, { headers: auth });

  const card = page.getByRole("region", { name: `Deploy ${name} v2` });
  await expect(async () => {
    await page.goto("/actions");
    await expect(card).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  const asked = card.getByRole("link", { name: "Names spam share jumped" });
  await expect(asked).toHaveAttribute("href", `/monitors/${monitorId}`);
  await expect(card).not.toContainText(monitorId.slice(0, 8));

  await page.goto(`/models/${slug}/runs`);
  await expect(page.getByRole("list", { name: "Retrain runs" }).getByRole("link", { name: "Names spam share jumped" })).toHaveAttribute("href", `/monitors/${monitorId}`);

  await page.goto(`/models/${slug}/versions`);
  await expect(page.getByText("Asked by monitor Names spam share jumped")).toBeVisible();
  const policy = page.getByRole("form", { name: "Retrain and deploy policy" });
  const picker = policy.getByLabel("Monitor that rolls back");
  await expect(picker.locator("option")).toHaveText(["None: no automatic rollback", "Names accuracy fell", "Names spam share jumped"]);
  await picker.selectOption({ label: "Names accuracy fell" });
  await policy.getByLabel("Within (minutes after a deploy)").fill("30");
  await policy.getByRole("button", { name: "Save retrain and deploy policy" }).click();
  await expect(policy.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Retrain and deploy policy" }).getByLabel("Monitor that rolls back").locator("option:checked")).toHaveText("Names accuracy fell");
  await page.screenshot({ path: "test-results/names-versions.png", fullPage: true });
});
