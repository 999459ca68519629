import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DATA_DIR, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("admin") });

test("an admin backfills yesterday's predictions under a new policy and watches the progress bar finish", async ({ page, request }) => {
  const key = fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();
  const auth = { authorization: `Bearer ${key}` };
  const slug = `orders-${Date.now().toString(36)}`;
  expect((await request.post("/api/v1/models", { headers: auth, data: { slug, name: "Order fraud", task: "binary", classes: ["fine", "fraud"], positiveClass: "fraud" } })).status()).toBe(201);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const predictions = Array.from({ length: 4 }, (_, i) => ({ id: `o-${i}`, timestamp: `${yesterday}T10:0${i}:00Z`, score: 0.2, label: "fine", features: { amount: 10 * i } }));
  expect(await (await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } })).json()).toEqual({ accepted: 4, duplicates: 0 });

  await page.goto(`/models/${slug}/labelling`);
  await page.getByRole("form", { name: "Sampling policy" }).getByLabel("Sampling rate").fill("1");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  const form = page.getByRole("form", { name: "Backfill a past range" });
  await form.getByLabel("From (UTC day)").fill(yesterday);
  await form.getByLabel("To (UTC day, included)").fill(yesterday);
  await form.getByRole("button", { name: "Backfill this range" }).click();
  const progress = page.getByTestId("backfill-progress");
  await expect(progress).toContainText("done", { timeout: 20_000 });
  await expect(progress).toContainText("4 of 4 predictions gone through");
  await expect(page.getByRole("progressbar", { name: "Backfill progress" })).toHaveAttribute("aria-valuenow", "4");
  await page.reload();
  await expect(page.getByTestId("queue-open")).toHaveText("4");
});
