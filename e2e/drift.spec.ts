import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ksTest, psiFromSamples } from "../lib/stats";
import { DATA_DIR, storageStateFor } from "./support";
import { seededRandom as random } from "@/lib/stats/seeded-random";

test.use({ storageState: storageStateFor("viewer") });

const demoKey = () => fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();

test("a narrow feature's drift on the model page matches the exact figures on the rows sent", async ({ page, request }) => {
  const slug = `drift-${Date.now().toString(36)}`;
  const headers = { authorization: `Bearer ${demoKey()}` };
  expect((await request.post("/api/v1/models", { headers, data: { slug, name: "Narrow ratio", task: "binary", classes: ["no", "yes"], positiveClass: "yes" } })).status()).toBe(201);

  // A ratio in [0.05, 0.16]: 400 predictions 20 days ago (the default reference: the first 7 days
  // of data) and 400 an hour ago, moved towards the low end. Five of the recent ones also carry
  // `rare`, too few to judge.
  const next = random(2026);
  const reference = Array.from({ length: 400 }, () => 0.05 + 0.11 * next());
  const current = Array.from({ length: 400 }, () => 0.05 + 0.11 * next() ** 2);
  const rows = (values: number[], prefix: string, at: number) =>
    values.map((ratio, i) => ({ id: `${prefix}${i}`, timestamp: new Date(at + i * 1000).toISOString(), score: 0.3, label: "no", features: { ratio, ...(prefix === "c" && i < 5 ? { rare: i } : {}) } }));
  const now = Date.now();
  for (const batch of [rows(reference, "r", now - 20 * 86_400_000), rows(current, "c", now - 3600_000)]) {
    expect((await request.post("/api/v1/predictions", { headers, data: { model: slug, predictions: batch } })).status()).toBe(200);
  }
  const exactPsi = psiFromSamples(reference, current)!;
  const exactKs = ksTest(reference, current)!.d;
  // PSI 0.459 and D 0.27 on these rows: far enough from 0.25 that the verdict cannot flip.
  expect(exactPsi).toBeGreaterThan(0.4);

  await page.goto(`/models/${slug}?range=24h`);
  const row = page.getByTestId("drift-ratio");
  await expect(row).toBeVisible();
  const cells = row.getByRole("cell");
  const shownPsi = Number(await cells.nth(1).innerText());
  const shownKs = Number((await cells.nth(2).innerText()).replace("KS D", ""));
  expect(Math.abs(shownPsi - exactPsi)).toBeLessThanOrEqual(Math.max(0.02, 0.1 * exactPsi) + 0.0005);
  expect(Math.abs(shownKs - exactKs)).toBeLessThanOrEqual(0.01 + 0.0005);
  await expect(cells.nth(5)).toHaveText("significant");
  await expect(page.getByTestId("drift-rare").getByRole("cell").nth(5)).toHaveText("too few to judge");

  // The row opens on bins at the feature's own scale: twelve bands between about 0.05 and 0.16.
  await row.getByRole("button").click();
  await expect(page.getByText(/equal-width band of this feature's range/)).toBeVisible();
  const json = await (await page.request.get(`/api/v1/models/${slug}/metrics?from=${new Date(now - 86_400_000).toISOString()}&bucket=hour`)).json();
  const ratio = json.drift.features.find((f: { name: string }) => f.name === "ratio");
  expect(ratio.distribution.bins).toHaveLength(12);
  expect(ratio.distribution.bins[0].label).toMatch(/^< 0\.0[5-6]\d$/);
  expect(ratio.distribution.bins[11].label).toMatch(/^≥ 0\.1[4-6]\d$/);
  expect(ratio).toMatchObject({ n: 400, referenceN: 400, psi: expect.closeTo(shownPsi, 3) });
  expect(json.drift.features.find((f: { name: string }) => f.name === "rare")).toMatchObject({ severity: "insufficient", n: 5, referenceN: 0 });
});
