import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

// The loop's last steps by clicking. The demo's "Spam share jumped" monitor (policy
// propose-retrain) fired at seed time, so a retrain made v2 on its own; an approver deploys it,
// production changes, and one click rolls it back; the audit log shows it all. A retrain an admin
// starts by hand cannot be approved by that admin.
const outDir = process.env.SCREENSHOT_DIR ?? path.join("test-results", "deploy");
const view = { viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" as const };

test.describe.configure({ mode: "serial" });

test("the firing monitor's retrain makes v2; an admin's own retrain waits for someone else", async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ storageState: storageStateFor("admin"), ...view });
  const page = await context.newPage();
  await page.goto("/models/spam-filter/runs");
  const runs = page.getByRole("list", { name: "Retrain runs" });
  // The retrain sweep picks the monitor's request up within a minute of start; training takes seconds.
  const monitorRun = runs.getByRole("listitem").filter({ hasText: "Started by a monitor" });
  await expect(monitorRun).toContainText("Succeeded", { timeout: 180_000 });
  await expect(monitorRun).toContainText("made v2");
  await expect(monitorRun.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await page.screenshot({ path: path.join(outDir, "runs.png"), fullPage: true });

  await page.getByRole("navigation", { name: "Model pages" }).getByRole("link", { name: "Versions" }).click();
  await expect(page.getByTestId("version-v1")).toContainText("production");
  await page.getByRole("button", { name: "Retrain now" }).click();
  await expect(page.getByText("Retrain started")).toBeVisible();
  await page.getByRole("navigation", { name: "Model pages" }).getByRole("link", { name: "Runs" }).click();
  const ownRun = runs.getByRole("listitem").filter({ hasText: "Started by admin@vigil.local" });
  await expect(ownRun).toContainText("made v3", { timeout: 60_000 });

  // The two-person rule: whoever asked cannot approve.
  await page.goto("/actions");
  await expect(page.getByRole("region", { name: "Deploy Spam filter v3" })).toContainText("You asked for this deploy");
  await context.close();
});

test("an approver deploys v2, production changes, and one click rolls it back", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("approver"), ...view });
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
