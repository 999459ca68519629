import { expect, test } from "@playwright/test";
import { demoApiKey, storageStateFor } from "./support";

// The model page's charts show the monitors that watch them; a monitor's own chart leaves windows
// without predictions empty (a gap), with no dot pretending to be a value.

test.use({ storageState: storageStateFor("approver") });

test("a firing monitor's threshold is drawn on the chart it watches, named and in its state; empty windows are gaps", async ({ page, request }) => {
  const slug = `watched-${Date.now().toString(36)}`;
  const auth = { authorization: `Bearer ${demoApiKey()}` };
  expect((await request.post("/api/v1/models", { headers: auth, data: { slug, name: `Watched ${slug}`, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" } })).status()).toBe(201);
  const predictions = Array.from({ length: 50 }, (_, i) => ({ id: `w-${i}`, score: i % 5 ? 0.9 : 0.2, label: i % 5 ? "spam" : "ham", features: {} }));
  expect((await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } })).status()).toBe(200);
  const firing = await request.post("/api/v1/monitors", { headers: auth, data: { model: slug, name: "Spam share high", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.6, minN: 20 } });
  const quiet = await request.post("/api/v1/monitors", { headers: auth, data: { model: slug, name: "Accuracy floor", metric: "estimatedAccuracy", window: "24h", comparison: "below", threshold: 0.3, minN: 20 } });
  expect([firing.status(), quiet.status()]).toEqual([201, 201]);
  const monitorId = ((await firing.json()) as { id: string }).id;
  const evaluated = await request.post(`/api/v1/monitors/${monitorId}/evaluate`, { headers: auth });
  expect(await evaluated.json()).toMatchObject({ state: "firing" });
  await request.post(`/api/v1/monitors/${((await quiet.json()) as { id: string }).id}/evaluate`, { headers: auth });

  // The overview's card counts the open alert, and says which.
  await page.goto("/");
  const card = page.getByRole("list", { name: "Models" }).getByRole("listitem").filter({ hasText: `Watched ${slug}` });
  await expect(card.getByTestId("health")).toHaveText("Watch");
  await expect(card).toContainText("1 open alert: Spam share high");

  await page.goto(`/models/${slug}`);
  // Each line's label names the monitor and its state, in the state's colour: firing red, OK green.
  const chartText = page.locator("svg text");
  await expect(chartText.filter({ hasText: "Spam share high: firing" })).toHaveAttribute("fill", "#b91c1c");
  await expect(chartText.filter({ hasText: "Accuracy floor: OK" })).toHaveAttribute("fill", "#047857");
  await page.screenshot({ path: "test-results/model-thresholds.png", fullPage: true });

  // Two weeks of 24 windows, only the last holding predictions: one dot, and no dot anywhere else.
  await page.goto(`/monitors/${monitorId}`);
  const dots = page.locator(".recharts-line-dots circle");
  await expect(dots).toHaveCount(24);
  const drawn = await dots.evaluateAll((circles) => circles.filter((c) => Number(c.getAttribute("r")) > 0).length);
  expect(drawn).toBe(1);
  await page.screenshot({ path: "test-results/monitor-gaps.png", fullPage: true });
});
