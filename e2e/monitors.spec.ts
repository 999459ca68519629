import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DATA_DIR, storageStateFor } from "./support";

const demoKey = () => fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();

async function send(request: APIRequestContext, slug: string, from: number, positives: number, negatives: number) {
  const predictions = [
    ...Array.from({ length: positives }, () => ({ score: 0.9, label: "fraud" })),
    ...Array.from({ length: negatives }, () => ({ score: 0.1, label: "legit" })),
  ].map((p, i) => ({ ...p, id: `tx-${from + i}`, features: { amount: 10 + i } }));
  const response = await request.post("/api/v1/predictions", { headers: { authorization: `Bearer ${demoKey()}` }, data: { model: slug, predictions } });
  expect(response.status()).toBe(200);
}

test.describe("as an approver", () => {
  test.use({ storageState: storageStateFor("approver") });

  test("creates a monitor in the form; data sent through the API crosses it and the alert appears", async ({ page, request }) => {
    const slug = `checkout-${Date.now().toString(36)}`;
    const auth = { authorization: `Bearer ${demoKey()}` };
    expect((await request.post("/api/v1/models", { headers: auth, data: { slug, name: `Checkout ${slug}`, task: "binary", classes: ["legit", "fraud"], positiveClass: "fraud" } })).status()).toBe(201);
    // A quiet start: 20 of 100 flagged.
    await send(request, slug, 0, 20, 80);

    await page.goto(`/monitors/new?model=${slug}`);
    const form = page.getByRole("form", { name: "New monitor" });
    await expect(form.getByLabel("Model")).toHaveValue(slug);
    await form.getByLabel("Name").fill("Fraud flags jumped");
    // Clear validation first: no threshold.
    await form.getByRole("button", { name: "Create monitor" }).click();
    await expect(page.getByText("Check the fields marked below.")).toBeVisible();
    // Exact: the preview may already say "Enter a threshold to see where it lies."
    await expect(form.getByText("Enter a threshold", { exact: true })).toBeVisible();

    await form.getByLabel("Threshold", { exact: true }).fill("0.5");
    await form.getByLabel("Resolves at").fill("0.4");
    await form.getByLabel("Minimum n").fill("50");
    // The preview draws the recent values against the line before saving.
    await expect(page.getByTestId("preview-summary")).toContainText("0 of the 1 points with enough data are past the threshold");
    await expect(page.getByTestId("monitor-preview")).toContainText("threshold 50.0%");
    await form.getByRole("button", { name: "Create monitor" }).click();
    await expect(page.getByText("Saved. The change is audited")).toBeVisible();
    const id = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { name: /Fraud flags jumped/ })).toBeVisible();

    const quiet = await request.post(`/api/v1/monitors/${id}/evaluate`, { headers: auth });
    expect(await quiet.json()).toMatchObject({ state: "ok", value: 0.2, n: 100 });

    // Then 200 flagged of 200 more: 220 / 300 = 73.3% > 50%.
    await send(request, slug, 100, 200, 0);
    const crossed = await request.post(`/api/v1/monitors/${id}/evaluate`, { headers: auth });
    expect(await crossed.json()).toMatchObject({ state: "firing", transition: "fired", n: 300 });

    await page.goto(`/alerts?model=${slug}`);
    const open = page.getByRole("region", { name: /Open/ });
    const row = open.getByRole("listitem").filter({ hasText: "Fraud flags jumped" });
    await expect(row).toContainText("Firing");
    await expect(row).toContainText("73.3% vs threshold 50.0%");
    await expect(page.getByTestId("open-alerts-count")).toBeVisible();

    await row.getByRole("button", { name: "Acknowledge" }).click();
    await expect(row).toContainText("acknowledged by approver@vigil.local");
    await row.getByLabel("Silence Fraud flags jumped for").selectOption({ label: "1 day" });
    await row.getByRole("button", { name: "Silence monitor", exact: true }).click();
    await expect(row).toContainText("silenced until");

    // The alert's page draws the figure with the threshold and the point where it fired.
    await row.getByRole("link", { name: "Fraud flags jumped" }).click();
    await expect(page.getByRole("heading", { name: "Where it fired" })).toBeVisible();
    await expect(page.locator("svg").getByText("threshold 50.0%")).toBeVisible();
    await expect(page.getByRole("list", { name: "Alert history" })).toContainText("Acknowledged");
    await expect(page.getByRole("list", { name: "Alert history" })).toContainText("Silenced until");
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("reads monitors and alerts but cannot create or act", async ({ page }) => {
    await page.goto("/monitors");
    await expect(page.getByRole("heading", { name: "Monitors", level: 1 })).toBeVisible();
    await expect(page.getByRole("list", { name: "Monitors" }).getByText("Spam share jumped")).toBeVisible();
    await expect(page.getByRole("link", { name: "New monitor" })).toHaveCount(0);
    await page.goto("/alerts");
    // The demo's spam share alert fired before v2 was deployed and resolved after: in the history.
    await expect(page.getByRole("list", { name: "Alerts" }).getByText("Spam share jumped").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
    expect((await page.goto("/monitors/new"))?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Your role does not open that page" })).toBeVisible();
  });
});
