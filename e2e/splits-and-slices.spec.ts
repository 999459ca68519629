import { expect, test } from "@playwright/test";
import { demoApiKey, storageStateFor } from "./support";
import { recordDeploy } from "./e2e-database";

test.use({ storageState: storageStateFor("viewer") });

const DAY = 86_400_000;

test("the model page split by version shows each version's line and figures, and the deploy marker", async ({ page, request }) => {
  const slug = `versions-${Date.now().toString(36)}`;
  const headers = { authorization: `Bearer ${demoApiKey()}` };
  expect((await request.post("/api/v1/models", { headers, data: { slug, name: "Split check", task: "binary", classes: ["no", "yes"], positiveClass: "yes" } })).status()).toBe(201);
  // Days 6 to 4 ago: v1, right on 6 of 10; days 3 to 1 ago: v2, right on 9 of 10. Truth for all.
  const today = Math.floor(Date.now() / DAY) * DAY;
  const predictions = [6, 5, 4, 3, 2, 1].flatMap((daysAgo) =>
    Array.from({ length: 10 }, (_, i) => {
      const version = daysAgo > 3 ? "v1" : "v2";
      const right = i < (version === "v1" ? 6 : 9);
      return { id: `${daysAgo}-${i}`, timestamp: new Date(today - daysAgo * DAY + 12 * 3600_000).toISOString(), version, score: 0.8, label: "yes", features: { n: i }, actual: { label: right ? "yes" : "no" } };
    }),
  );
  expect((await request.post("/api/v1/predictions", { headers, data: { model: slug, predictions } })).status()).toBe(200);
  await recordDeploy(slug, "v2", new Date(today - 3 * DAY + 6 * 3600_000));

  await page.goto(`/models/${slug}?range=7d&bucket=day`);
  await expect(page.getByTestId("tile-volume-value")).toHaveText("60");
  // The deploy is marked on the whole model's charts too.
  await expect(page.getByText("v2 deployed").first()).toBeVisible();

  await page.getByRole("group", { name: "Split the charts" }).getByRole("button", { name: "By version" }).click();
  await expect(page).toHaveURL(/split=version/);
  const table = page.getByRole("table", { name: "Figures by version" });
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("row", { name: /^v1/ })).toContainText("60.0%");
  await expect(table.getByRole("row", { name: /^v2/ })).toContainText("90.0%");
  await expect(page.getByRole("heading", { name: "Accuracy (ground truth) by version" })).toBeVisible();
  // Both lines are drawn, each named in the legend, and the deploy between them is marked.
  const accuracy = page.locator("div.p-4").filter({ has: page.getByRole("heading", { name: "Accuracy (ground truth) by version" }) });
  await expect(accuracy.locator(".recharts-legend-item", { hasText: "v1" })).toBeVisible();
  await expect(accuracy.locator(".recharts-legend-item", { hasText: "v2" })).toBeVisible();
  await expect(accuracy.locator(".recharts-line")).toHaveCount(2);
  await expect(accuracy.getByText("v2 deployed")).toBeVisible();
  await page.screenshot({ path: "test-results/metrics-by-version.png", fullPage: true });

  // The JSON says the same.
  const json = await (await page.request.get(`/api/v1/models/${slug}/metrics?from=${new Date(today - 7 * DAY).toISOString()}&bucket=day&segment=version`)).json();
  expect(json.markers).toEqual([{ at: new Date(today - 3 * DAY + 6 * 3600_000).toISOString(), type: "deployed", version: "v2" }]);
  expect(json.segments.map((s: { value: string; totals: { groundTruthAccuracy: { value: number; n: number } } }) => [s.value, s.totals.groundTruthAccuracy.value, s.totals.groundTruthAccuracy.n])).toEqual([
    ["v1", 0.6, 30],
    ["v2", 0.9, 30],
  ]);

  await page.getByRole("button", { name: "All", exact: true }).click();
  await expect(page).not.toHaveURL(/split=/);
  await expect(table).toHaveCount(0);
});

test("the slices panel lists the injected bad slice first, and a slice splits the charts by its feature", async ({ page, request }) => {
  const slug = `slices-${Date.now().toString(36)}`;
  const headers = { authorization: `Bearer ${demoApiKey()}` };
  expect((await request.post("/api/v1/models", { headers, data: { slug, name: "Slices check", task: "binary", classes: ["no", "yes"], positiveClass: "yes" } })).status()).toBe(201);
  // 400 predictions in the last day over 4 domains; bad.example is right on 1 in 2, the others on 19 in 20.
  const domains = ["good.example", "bad.example", "fine.example", "ok.example"];
  const predictions = Array.from({ length: 400 }, (_, i) => {
    const domain = domains[i % 4]!;
    const right = domain === "bad.example" ? i % 8 < 4 : i % 20 !== 1;
    return { id: `s${i}`, timestamp: new Date(Date.now() - (1 + (i % 20)) * 3600_000).toISOString(), score: 0.8, label: "yes", features: { domain }, actual: { label: right ? "yes" : "no" } };
  });
  expect((await request.post("/api/v1/predictions", { headers, data: { model: slug, predictions } })).status()).toBe(200);
  // Declared once the hours are aggregated (the reference window must have seen the feature).
  await expect.poll(async () => (await request.patch(`/api/v1/models/${slug}`, { headers, data: { segmentFeatures: ["domain"] } })).status(), { timeout: 30_000 }).toBe(200);
  await expect.poll(async () => (await (await request.get(`/api/v1/models/${slug}/slices`, { headers })).json()).slices?.length ?? 0, { timeout: 90_000 }).toBe(4);

  await page.goto(`/models/${slug}?range=24h`);
  const slices = page.getByRole("table", { name: "Slices by decay" });
  await expect(slices.getByRole("row").nth(1)).toContainText("domain = bad.example");
  await expect(slices.getByRole("row").nth(1)).toContainText("decayed");
  await expect(slices.getByText("decayed")).toHaveCount(1);
  await slices.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/slices-panel.png", fullPage: true });

  await slices.getByRole("button", { name: "domain = bad.example" }).click();
  await expect(page).toHaveURL(/split=feature%3Adomain/);
  await expect(page.getByRole("table", { name: "Figures by domain" }).getByRole("row", { name: /bad\.example/ })).toContainText("50.0%");
});
