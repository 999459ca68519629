import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DATA_DIR, storageStateFor } from "./support";

const shots = process.env.SCREENSHOT_DIR ?? path.join("test-results", "labelling");

/** The page's own notice (Next.js also keeps an empty role=alert route announcer). */
const notice = (page: Page) => page.locator('[role="alert"]:not([id="__next-route-announcer__"]), [role="status"]').first();

/** The n labelled next to the model page's sampled accuracy, as the page shows it. */
async function sampledN(page: Page, slug: string): Promise<number> {
  await page.goto(`/models/${slug}`);
  const n = page.getByTestId("tile-sampled-accuracy-n");
  await expect(n).toBeVisible();
  return Number(((await n.textContent()) ?? "").replace(/,/g, ""));
}

test.use({ storageState: storageStateFor("annotator") });

test("an annotator labels three items by keyboard alone, and the model page's sampled-accuracy n rises by three", async ({ page, browser, request }) => {
  // A model of this test's own, every prediction sampled: no other test labels its items.
  const key = fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();
  const auth = { authorization: `Bearer ${key}` };
  const slug = `reviews-${Date.now().toString(36)}`;
  expect((await request.post("/api/v1/models", { headers: auth, data: { slug, name: "Review filter", task: "binary", classes: ["ok", "junk"], positiveClass: "junk" } })).status()).toBe(201);
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const settings = await admin.newPage();
  await settings.goto(`/models/${slug}/labelling`);
  await settings.getByRole("form", { name: "Sampling policy" }).getByLabel("Sampling rate").fill("1");
  await settings.getByRole("button", { name: "Save policy" }).click();
  await expect(settings.getByText("Saved.")).toBeVisible();
  await admin.close();
  const predictions = Array.from({ length: 5 }, (_, i) => ({ id: `r-${i}`, score: i % 2 ? 0.8 : 0.3, label: i % 2 ? "junk" : "ok", features: { text: `review ${i}` } }));
  expect(await (await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } })).json()).toEqual({ accepted: 5, duplicates: 0 });

  const before = await sampledN(page, slug);
  await expect(page.getByTestId("tile-sampled-accuracy-value")).toHaveText("—");

  // Three labels, by keys alone: 1 (ok), 2 (junk), 1 (ok).
  await page.goto(`/labelling?model=${slug}`);
  await expect(page.getByRole("table", { name: "Features" })).toBeVisible();
  await expect(page.getByTestId("labelling-plan")).toContainText("labels");
  await page.screenshot({ path: path.join(shots, "labelling-queue.png"), fullPage: true });
  for (const [key, label] of [["1", "ok"], ["2", "junk"], ["1", "ok"]] as const) {
    const shown = (await page.getByTestId("prediction-id").textContent())!;
    await page.keyboard.press(key);
    await expect(notice(page)).toHaveText(`Saved ${label}. Press U within a minute to undo.`);
    await expect(page.getByTestId("prediction-id")).not.toHaveText(shown);
  }

  expect(await sampledN(page, slug)).toBe(before + 3);
  await expect(page.getByTestId("tile-sampled-accuracy-value")).not.toHaveText("—");
  await expect(page.getByTestId("tile-sampled-accuracy")).toContainText("95% interval");
  // Three labels are under the chart's minimum: a hollow point with its interval, not a line that swings to 0% or 100%.
  await expect(page.getByText("Sampled, fewer than 10 labels (hollow)")).toBeVisible();
  await expect(page.locator("circle.thin-point")).toHaveCount(1);
  await page.screenshot({ path: path.join(shots, "model-sampled-accuracy.png"), fullPage: true });
});

test("three true values typed for a regression model give its page a sampled MAE with its interval and n", async ({ page, browser, request }) => {
  const key = fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();
  const auth = { authorization: `Bearer ${key}` };
  const slug = `eta-${Date.now().toString(36)}`;
  expect((await request.post("/api/v1/models", { headers: auth, data: { slug, name: "Courier ETA", task: "regression" } })).status()).toBe(201);
  // An admin sets the policy and labels: the annotator's "labelled today" belongs to labelling.spec.ts, which runs alongside.
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const labeller = await admin.newPage();
  await labeller.goto(`/models/${slug}/labelling`);
  await labeller.getByRole("form", { name: "Sampling policy" }).getByLabel("Sampling rate").fill("1");
  await labeller.getByRole("button", { name: "Save policy" }).click();
  await expect(labeller.getByText("Saved.")).toBeVisible();
  const predicted: Record<string, number> = { "e-0": 30, "e-1": 42, "e-2": 55 };
  const predictions = Object.entries(predicted).map(([id, value]) => ({ id, value, features: { km: value / 10 } }));
  expect(await (await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } })).json()).toEqual({ accepted: 3, duplicates: 0 });

  await page.goto(`/models/${slug}`);
  await expect(page.getByTestId("tile-sampled-mae-value")).toHaveText("—");
  await expect(page.getByTestId("tile-sampled-mae-n")).toHaveText("0");

  // Off by 1, 2 and 3 minutes (one each), whichever order the queue hands them out in.
  await labeller.goto(`/labelling?model=${slug}`);
  const off = [1, 2, 3];
  for (let i = 0; i < 3; i++) {
    const shown = (await labeller.getByTestId("prediction-id").textContent())!.trim();
    const value = predicted[shown]! + off[i]!;
    await labeller.getByLabel("True value").fill(String(value));
    await labeller.keyboard.press("Enter");
    // This item's own notice (each value differs), so the last one is stored before the page is left.
    await expect(notice(labeller)).toHaveText(`Saved ${value}. Press U within a minute to undo.`);
    if (i < 2) await expect(labeller.getByTestId("prediction-id")).not.toHaveText(shown);
  }
  await admin.close();

  await page.goto(`/models/${slug}`);
  await expect(page.getByTestId("tile-sampled-mae-value")).toHaveText("2");
  await expect(page.getByTestId("tile-sampled-mae-n")).toHaveText("3");
  // Mean 2, s = 1: 2 ± 1.96/√3 = 0.87 to 3.13.
  await expect(page.getByTestId("tile-sampled-mae")).toContainText("95% interval 0.87 – 3.13");
  await expect(page.getByText("Sampled MAE, fewer than 10 labels (hollow)")).toBeVisible();
  await expect(page.locator("circle.thin-point")).toHaveCount(1);
  await page.screenshot({ path: path.join(shots, "model-sampled-mae.png"), fullPage: true });
});
