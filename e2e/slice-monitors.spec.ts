import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

test.use({ storageState: storageStateFor("approver") });

test("an approver watches any sender domain of the demo spam filter from the monitor form, with pickers, and the preview reads its slices", async ({ page }) => {
  await page.goto("/monitors/new?model=spam-filter");
  const form = page.getByRole("form", { name: "New monitor" });
  await form.getByLabel("Name").fill(`A sender domain decayed ${Date.now().toString(36)}`);
  await form.getByLabel("Metric").selectOption("groundTruthAccuracy");
  // The demo's spam filter is split by sender_domain: a picker, not a free-text field.
  await form.getByLabel("Slice").selectOption("sender_domain");
  const value = form.getByLabel("Value of sender_domain");
  await expect(value).toHaveValue("");
  await expect(value.locator("option", { hasText: "online.com" })).toHaveCount(1);
  await expect(form.getByLabel("Fires when the value")).toHaveValue("above");
  await form.getByLabel("Drop floor").fill("0.1");
  await form.getByLabel("Minimum n").fill("30");
  await form.getByLabel("Window").fill("7d");
  await expect(page.getByTestId("preview-summary")).toBeVisible();
  await page.screenshot({ path: "test-results/slice-monitor-form.png", fullPage: true });
  await form.getByRole("button", { name: "Create monitor" }).click();
  await expect(page.getByText("Saved. The change is audited")).toBeVisible();
  await expect(page.getByText("Ground-truth accuracy of any sender_domain over 7d falls more than 10.0% below the rest")).toBeVisible();
});
