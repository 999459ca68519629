import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

// The loop's last steps by clicking: a retrain makes a candidate, an approver deploys it (not the
// person who asked), production changes, and one click rolls it back; the audit log shows it all.
const outDir = process.env.SCREENSHOT_DIR ?? path.join("test-results", "deploy");

test.describe.configure({ mode: "serial" });
// Reduced motion: the progress bar's width does not ease in, so the picture shows what it says.
test.use({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });

test("an admin retrains the spam filter and watches the run finish", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ storageState: storageStateFor("admin"), reducedMotion: "reduce", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/models/spam-filter/versions");
  await expect(page.getByTestId("version-v1")).toContainText("production");
  await page.getByRole("button", { name: "Retrain now" }).first().click();
  await expect(page.getByText("Retrain started")).toBeVisible();

  await page.getByRole("navigation", { name: "Model pages" }).getByRole("link", { name: "Runs" }).click();
  const runs = page.getByRole("list", { name: "Retrain runs" });
  await expect(runs.getByRole("listitem").first()).toContainText("Succeeded", { timeout: 90_000 });
  await expect(runs.getByRole("listitem").first()).toContainText("made v2");
  await expect(runs.getByRole("progressbar").first()).toHaveAttribute("aria-valuenow", "100");
  await page.screenshot({ path: path.join(outDir, "runs.png"), fullPage: true });

  // The two-person rule: whoever asked cannot approve.
  await page.goto("/actions");
  await expect(page.getByText("You asked for this deploy")).toBeVisible();
  await context.close();
});

test("an approver deploys v2, production changes, and one click rolls it back", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("approver"), reducedMotion: "reduce", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/actions");
  const request = page.getByRole("region", { name: "Deploy Spam filter v2" });
  await expect(request.getByRole("table", { name: "Candidate and production side by side" })).toBeVisible();
  await page.screenshot({ path: path.join(outDir, "actions.png"), fullPage: true });
  await request.getByLabel("Comment").fill("Recovers the newsletters");
  await request.getByRole("button", { name: "Approve and deploy v2" }).click();
  await expect(page.getByText("v2 is now in production")).toBeVisible();

  await page.goto("/models/spam-filter/versions");
  await expect(page.getByTestId("version-v2")).toContainText("production");
  await expect(page.getByTestId("version-v1")).toContainText("archived");
  await page.screenshot({ path: path.join(outDir, "versions.png"), fullPage: true });

  await page.getByRole("button", { name: "Roll back to v1" }).click();
  await expect(page.getByText("Rolled back: v1 serves again.")).toBeVisible();
  await expect(page.getByTestId("version-v1")).toContainText("production");
  await expect(page.getByTestId("version-v2")).toContainText("archived");

  await page.goto("/audit?model=spam-filter&action=version.");
  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log).toContainText("version.rolled_back");
  await expect(log).toContainText("version.deployed");
  await expect(log).toContainText("approver@vigil.local");
  await page.screenshot({ path: path.join(outDir, "audit.png"), fullPage: true });
  await context.close();
});
