import { expect, test } from "@playwright/test";
import { demoApiKey, storageStateFor } from "./support";

// One alert silenced, not its whole monitor: the alert's page says until when, its history records
// it, and the monitor stays unsilenced.

test.use({ storageState: storageStateFor("approver") });

test("an approver silences one alert from its page", async ({ page, request }) => {
  const slug = `hush-${Date.now().toString(36)}`;
  const auth = { authorization: `Bearer ${demoApiKey()}` };
  expect((await request.post("/api/v1/models", { headers: auth, data: { slug, name: `Hush ${slug}`, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" } })).status()).toBe(201);
  const predictions = Array.from({ length: 30 }, (_, i) => ({ id: `h-${i}`, score: 0.9, label: "spam", features: {} }));
  expect((await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } })).status()).toBe(200);
  const created = await request.post("/api/v1/monitors", { headers: auth, data: { model: slug, name: "Hush spam share", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 10 } });
  const monitorId = ((await created.json()) as { id: string }).id;
  expect((await request.post(`/api/v1/monitors/${monitorId}/evaluate`, { headers: auth })).status()).toBe(200);
  // The schedule may have fired it a moment before: the open alert, whoever fired it.
  const open = (await (await request.get(`/api/v1/alerts?model=${slug}&state=firing`, { headers: auth })).json()) as { alerts: { id: string }[] };
  const fired = { alertId: open.alerts[0]!.id };

  await page.goto(`/alerts/${fired.alertId}`);
  const row = page.getByTestId(`alert-${fired.alertId}`);
  await row.getByLabel("Silence Hush spam share for").selectOption({ label: "1 day" });
  await row.getByRole("button", { name: "Silence alert", exact: true }).click();
  await expect(page.getByText("This alert of Hush spam share sends no notifications until")).toBeVisible();
  await expect(page.getByTestId("alert-page-silenced")).toContainText("Silenced until");
  await expect(row.getByTestId("alert-silenced")).toContainText("this alert silenced until");
  await expect(page.getByRole("list", { name: "Alert history" })).toContainText("This alert silenced until");
  await page.screenshot({ path: "test-results/alert-silenced.png", fullPage: true });

  const monitor = (await (await request.get(`/api/v1/monitors/${monitorId}`, { headers: auth })).json()) as { silencedUntil: string | null };
  expect(monitor.silencedUntil).toBeNull();
  const alerts = (await (await request.get(`/api/v1/alerts?model=${slug}`, { headers: auth })).json()) as { alerts: { id: string; silencedUntil: string | null }[] };
  expect(alerts.alerts.find((a) => a.id === fired.alertId)?.silencedUntil).toEqual(expect.any(String));

  await row.getByRole("button", { name: "Unsilence alert" }).click();
  await expect(page.getByTestId("alert-page-silenced")).toHaveCount(0);
});
