import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

// Issue #20: a sequential monitor states both of its numbers before it is saved, and its alert
// names where the decay began, marked on the chart beside the firing.

test.use({ storageState: storageStateFor("approver") });

test("the form states a sequential monitor's false alarms and detection delay from the model's volume", async ({ page }) => {
  await page.goto("/monitors/new?model=spam-filter");
  const form = page.getByRole("form", { name: "New monitor" });
  await form.getByLabel("Kind").selectOption("sequential");
  // Only rates counted each hour are offered; the positive rate stays chosen, accuracy is picked.
  await expect(form.getByLabel("Metric").locator("option")).toHaveText(["Positive rate", "Ground-truth accuracy"]);
  await form.getByLabel("Metric").selectOption("groundTruthAccuracy");
  await form.getByLabel("Fires when the rate").selectOption("below");
  await form.getByLabel("Change to notice").fill("0.05");
  await form.getByLabel("About one false alarm every (days)").fill("30");
  const statement = page.getByTestId("sequential-statement");
  await expect(statement).toContainText(/About one false alarm every \d+ days on healthy traffic; expected to notice a drop of 5 points \(from \d+\.\d%\) within about \d+ (hours|days) at today's volume/);
  await page.screenshot({ path: "test-results/sequential-form.png", fullPage: true });
});

test("the demo's sequential monitor fired on the spam filter's decay, and its alert marks where it began", async ({ page }) => {
  await page.goto("/alerts?model=spam-filter");
  // v2's recovery resolved it during the seed: it is in the history.
  await page.getByRole("region", { name: "History" }).getByRole("listitem").filter({ hasText: "Accuracy decay (sequential)" }).getByRole("link").first().click();
  await expect(page.getByTestId("alert-change-point")).toContainText("The evidence says the change began at");
  await expect(page.locator("svg text").filter({ hasText: "change began" })).toBeVisible();
  await page.screenshot({ path: "test-results/sequential-alert.png", fullPage: true });
});
