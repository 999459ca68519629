import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DATA_DIR, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("viewer") });

const demoKey = () => fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();

test("the model page shows the figures of the predictions sent, computed as defined", async ({ page, request }) => {
  const slug = `dash-${Date.now().toString(36)}`;
  const headers = { authorization: `Bearer ${demoKey()}` };
  const created = await request.post("/api/v1/models", { headers, data: { slug, name: "Dashboard check", task: "binary", classes: ["no", "yes"], positiveClass: "yes" } });
  expect(created.status()).toBe(201);
  // 10 predictions an hour ago: 3 "yes" at 0.8, 7 "no" at 0.1; truth for 4 (3 right, 1 wrong).
  const at = new Date(Date.now() - 3600_000).toISOString();
  const predictions = Array.from({ length: 10 }, (_, i) => ({
    id: `d${i}`,
    timestamp: at,
    score: i < 3 ? 0.8 : 0.1,
    label: i < 3 ? "yes" : "no",
    features: { amount: 10 + i, channel: i % 2 ? "web" : "app" },
    ...(i < 4 ? { actual: { label: i === 3 ? "yes" : i < 3 ? "yes" : "no" } } : {}),
  }));
  expect((await request.post("/api/v1/predictions", { headers, data: { model: slug, predictions } })).status()).toBe(200);

  await page.goto(`/models/${slug}?range=24h`);
  await expect(page.getByRole("heading", { name: "Dashboard check" })).toBeVisible();
  await expect(page.getByTestId("tile-volume-value")).toHaveText("10");
  await expect(page.getByTestId("tile-positive-rate-value")).toHaveText("30.0%");
  // mean of max(p, 1 − p) = (3 × 0.8 + 7 × 0.9) / 10 = 0.87
  await expect(page.getByTestId("tile-estimated-accuracy-value")).toHaveText("87.0%");
  // truth: d0–d2 yes/yes (right), d3 yes vs predicted no (wrong) → 3/4 = 75%, 40% labelled
  await expect(page.getByTestId("tile-ground-truth-accuracy-value")).toHaveText("75.0%");
  await expect(page.getByTestId("tile-ground-truth-accuracy")).toContainText("n 4 · 40.0% labelled");
  await expect(page.getByTestId("tile-ground-truth-accuracy")).toContainText("provisional");
  await expect(page.getByText(/No ground truth in this range is final yet/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Confusion matrix" })).toBeVisible();
  // The PSI tile's badge keeps its words on one line (a lone badge line is 20 px; wrapped, 36).
  const psiBadge = page.getByTestId("tile-psi").locator("dt > span.rounded-full");
  await expect(psiBadge).toHaveText("too few to judge");
  expect((await psiBadge.boundingBox())!.height).toBeLessThan(24);

  // The JSON the page is drawn from says the same, with its intervals and n.
  const json = await (await page.request.get(`/api/v1/models/${slug}/metrics?from=${new Date(Date.now() - 86_400_000).toISOString()}&bucket=hour`)).json();
  expect(json.totals).toMatchObject({ volume: 10, positiveRate: { value: 0.3, n: 10 }, groundTruthAccuracy: { value: 0.75, n: 4, coverage: 0.4, provisional: true } });
  expect(json.totals.estimatedAccuracy.value).toBeCloseTo(0.87, 12);

  // The range lives in the URL.
  await page.getByRole("button", { name: "7 d" }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByRole("button", { name: "7 d" })).toHaveAttribute("aria-pressed", "true");
});

test("the demo spam filter is decaying: the overview says so and the drift table opens by keyboard", async ({ page }) => {
  await page.goto("/");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Spam filter" }) });
  await expect(card.getByTestId("health")).toHaveText("Decaying");
  await card.getByRole("link", { name: "Spam filter" }).click();
  await expect(page).toHaveURL(/\/models\/spam-filter$/);

  const drift = page.getByRole("table", { name: "Feature drift" });
  const first = drift.getByRole("button").first();
  await expect(first).toContainText("sender_domain");
  await first.focus();
  await page.keyboard.press("Enter");
  await expect(first).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText(/Share of predictions per category/)).toBeVisible();
});

test("an unknown model is a 404 page", async ({ page }) => {
  const response = await page.goto("/models/no-such-model");
  expect(response?.status()).toBe(404);
});

test("a multiclass model's page shows its k × k confusion matrix and each class's precision and recall, as counted by hand", async ({ page, request }) => {
  const slug = `mail-${Date.now().toString(36)}`;
  const headers = { authorization: `Bearer ${demoKey()}` };
  const classes = ["easy_ham", "hard_ham", "spam"];
  const created = await request.post("/api/v1/models", { headers, data: { slug, name: "Mail groups", task: "multiclass", classes } });
  expect(created.status()).toBe(201);
  // predicted → actual: easy_ham ×4 (3 right, 1 hard_ham), hard_ham ×3 (2 right, 1 spam), spam ×3 (all right).
  const rows: [string, string][] = [
    ["easy_ham", "easy_ham"], ["easy_ham", "easy_ham"], ["easy_ham", "easy_ham"], ["easy_ham", "hard_ham"],
    ["hard_ham", "hard_ham"], ["hard_ham", "hard_ham"], ["hard_ham", "spam"],
    ["spam", "spam"], ["spam", "spam"], ["spam", "spam"],
  ];
  const at = new Date(Date.now() - 3600_000).toISOString();
  const predictions = rows.map(([predicted, actual], i) => ({
    id: `mc${i}`,
    timestamp: at,
    label: predicted,
    probabilities: Object.fromEntries(classes.map((c) => [c, c === predicted ? 0.8 : 0.1])),
    features: { links: i },
    actual: { label: actual },
  }));
  expect((await request.post("/api/v1/predictions", { headers, data: { model: slug, predictions } })).status()).toBe(200);

  await page.goto(`/models/${slug}?range=24h`);
  await expect(page.getByRole("heading", { name: "Mail groups" })).toBeVisible();
  const matrix = page.getByRole("table", { name: "Confusion matrix" });
  await expect(matrix.getByRole("row")).toHaveCount(4);
  await expect(matrix.getByRole("row", { name: /^hard_ham/ })).toHaveText(/hard_ham\s*1\s*2\s*0/);

  const table = page.getByRole("table", { name: "Precision and recall by class" });
  // easy_ham: right 3 of 4 predicted (75%), found 3 of 3 (100%); hard_ham: 2 of 3, 2 of 3; spam: 3 of 3, 3 of 4.
  await expect(table.getByRole("row", { name: /^easy_ham/ })).toHaveText(/easy_ham\s*3\s*4\s*75\.0%.*100\.0%/);
  await expect(table.getByRole("row", { name: /^hard_ham/ })).toHaveText(/hard_ham\s*3\s*3\s*66\.7%.*66\.7%/);
  await expect(table.getByRole("row", { name: /^spam/ })).toHaveText(/spam\s*4\s*3\s*100\.0%.*75\.0%/);
  await page.getByRole("heading", { name: "Precision and recall by class" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("multiclass-model.png"), fullPage: true });
});
