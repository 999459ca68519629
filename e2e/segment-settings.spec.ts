import { expect, test } from "@playwright/test";
import { demoApiKey, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("admin") });

const HOUR = 3600_000;
const HOURS = 48;

test("an admin declares a segment feature on the settings page, watches the rebuild's progress bar, then sees the split", async ({ page, request, browser }) => {
  const slug = `segments-${Date.now().toString(36)}`;
  const headers = { authorization: `Bearer ${demoApiKey()}` };
  expect((await request.post("/api/v1/models", { headers, data: { slug, name: "Segment settings check", task: "binary", classes: ["no", "yes"], positiveClass: "yes" } })).status()).toBe(201);
  // Five predictions in each of the last 48 hours, over two sender domains and a numeric size.
  const now = Math.floor(Date.now() / HOUR) * HOUR;
  const predictions = Array.from({ length: HOURS * 5 }, (_, i) => {
    const domain = i % 2 ? "a.example" : "b.example";
    return { id: `p${i}`, timestamp: new Date(now - (1 + Math.floor(i / 5)) * HOUR + 60_000).toISOString(), score: 0.8, label: "yes", features: { domain, size: i % 17 }, actual: { label: i % 3 ? "yes" : "no" } };
  });
  expect((await request.post("/api/v1/predictions", { headers, data: { model: slug, predictions } })).status()).toBe(200);
  const metrics = `/api/v1/models/${slug}/metrics?from=${new Date(now - 3 * 24 * HOUR).toISOString()}`;
  await expect
    .poll(async () => {
      const m = await (await request.get(metrics, { headers })).json();
      return [m.totals?.volume, m.pendingBuckets];
    }, { timeout: 60_000 })
    .toEqual([HOURS * 5, 0]);

  // A viewer is told who can declare them; the admin is taken to the field.
  const viewer = await browser.newContext({ storageState: storageStateFor("viewer") });
  const viewerPage = await viewer.newPage();
  await viewerPage.goto(`/models/${slug}?range=7d`);
  await expect(viewerPage.getByText("An admin can choose up to 5 in the model's settings")).toBeVisible();
  await viewer.close();

  await page.goto(`/models/${slug}?range=7d`);
  await page.getByRole("link", { name: "Choose up to 5 segment features in the model settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}/settings#segment-features`));
  const form = page.getByRole("form", { name: "Segment features" });
  // Each feature of the reference window, with its type.
  await expect(form.getByRole("listitem").filter({ hasText: "domain" })).toContainText("categorical");
  await expect(form.getByRole("listitem").filter({ hasText: "size" })).toContainText("numeric");
  await form.getByRole("checkbox", { name: /domain/ }).check();
  await form.getByRole("button", { name: "Save segment features" }).click();

  const bar = form.getByRole("progressbar", { name: "Segment rebuild" });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuemax", String(HOURS));
  await page.screenshot({ path: "test-results/segment-settings-rebuilding.png", fullPage: true });
  await expect(bar).toHaveCount(0, { timeout: 90_000 });
  await page.screenshot({ path: "test-results/segment-settings-done.png", fullPage: true });

  // The settings API says the same.
  const model = await (await request.get(`/api/v1/models/${slug}`, { headers })).json();
  expect(model).toMatchObject({ segmentFeatures: [{ name: "domain", type: "categorical" }], segmentsRebuilding: null });

  await form.getByRole("link", { name: "See the model split by domain" }).click();
  await expect(page).toHaveURL(/split=feature%3Adomain/);
  const table = page.getByRole("table", { name: "Figures by domain" });
  await expect(table.getByRole("row", { name: /a\.example/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /b\.example/ })).toBeVisible();
});
