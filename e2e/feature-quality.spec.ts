import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DATA_DIR, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("viewer") });

const demoKey = () => fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();

test("the drift table shows a feature's missing share, marks its jump, and opens the detail", async ({ page, request }) => {
  const slug = `quality-${Date.now().toString(36)}`;
  const headers = { authorization: `Bearer ${demoKey()}` };
  expect((await request.post("/api/v1/models", { headers, data: { slug, name: "Body parser", task: "binary", classes: ["no", "yes"], positiveClass: "yes" } })).status()).toBe(201);

  // 200 predictions 20 days ago (the default reference) all with `body`; 200 an hour ago of which
  // 30 have no `body` key and 30 send it as null: 30% missing. `words` is always there.
  const rows = (prefix: string, at: number, missing: boolean) =>
    Array.from({ length: 200 }, (_, i) => ({
      id: `${prefix}${i}`, timestamp: new Date(at + i * 1000).toISOString(), score: 0.3, label: "no",
      features: { words: 10 + (i % 9), ...(missing && i < 30 ? {} : { body: missing && i < 60 ? null : 100 + (i % 17) }) },
    }));
  const now = Date.now();
  for (const batch of [rows("r", now - 20 * 86_400_000, false), rows("c", now - 3600_000, true)]) {
    expect((await request.post("/api/v1/predictions", { headers, data: { model: slug, predictions: batch } })).status()).toBe(200);
  }

  await page.goto(`/models/${slug}?range=24h`);
  const body = page.getByTestId("drift-body");
  await expect(body.getByTestId("quality-cell")).toContainText("30% missing");
  await expect(body.getByTestId("quality-cell")).toContainText("missing ↑ from 0%");
  await expect(page.getByTestId("drift-words").getByTestId("quality-cell")).toHaveText("no issues");

  await body.getByRole("button").click();
  const detail = page.getByTestId("quality-detail");
  await expect(detail).toContainText("The missing share jumped: 30% now against 0% in the reference window.");
  await expect(detail).toContainText("60 of 200");
  await page.screenshot({ path: "test-results/feature-quality.png", fullPage: true });

  const json = await (await page.request.get(`/api/v1/models/${slug}/metrics?from=${new Date(now - 86_400_000).toISOString()}&bucket=hour`)).json();
  expect(json.drift.features.find((f: { name: string }) => f.name === "body").quality).toMatchObject({ missing: 0.3, n: 200, counts: { missing: 60 }, missingJumped: true });
});
