import path from "node:path";
import { expect, test } from "@playwright/test";
import { createOwnBuiltInModel } from "./seed";
import { demoApiKey, storageStateFor } from "./support";

// The loop's last steps by clicking, on a model of this spec's own (v1 in production), so that no
// other spec sees its versions change: a firing monitor (policy propose-retrain) makes v2 on its
// own; an approver deploys it, production changes, and one click rolls it back; the audit log
// shows it all. A retrain an admin starts by hand cannot be approved by that admin.
const outDir = process.env.SCREENSHOT_DIR ?? path.join("test-results", "deploy");
const view = { viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" as const };
const slug = `inbox-${Date.now().toString(36)}`;
const name = "Inbox filter";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  await createOwnBuiltInModel(request, { slug, name });
});

test("a firing monitor's retrain makes v2; an admin's own retrain waits for someone else", async ({ browser, request }) => {
  test.setTimeout(180_000);
  // The model's mail turns: nine in ten flagged, against a monitor that proposes a retrain above half.
  const auth = { authorization: `Bearer ${demoApiKey()}` };
  const monitor = await request.post("/api/v1/monitors", {
    headers: auth,
    data: { model: slug, name: "Inbox flags jumped", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 20, severity: "warning", policy: "propose-retrain" },
  });
  expect(monitor.status(), await monitor.text()).toBe(201);
  const predictions = Array.from({ length: 40 }, (_, i) => ({ id: `m-${i}`, score: i % 10 ? 0.9 : 0.2, label: i % 10 ? "spam" : "ham", features: { links: i % 10 ? 4 : 0 } }));
  expect(await (await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } })).json()).toEqual({ accepted: 40, duplicates: 0 });
  const evaluated = await request.post(`/api/v1/monitors/${(await monitor.json()).id}/evaluate`, { headers: auth });
  expect(await evaluated.json()).toMatchObject({ state: "firing", value: 0.9, n: 40 });

  const context = await browser.newContext({ storageState: storageStateFor("admin"), ...view });
  const page = await context.newPage();
  await page.goto(`/models/${slug}/runs`);
  const runs = page.getByRole("list", { name: "Retrain runs" });
  // The alert's action job starts the run at once; training takes seconds.
  // Named and linked: the monitor that started it, not "a monitor".
  const monitorRun = runs.getByRole("listitem").filter({ hasText: "Started by monitor Inbox flags jumped" });
  await expect(monitorRun).toContainText("Succeeded", { timeout: 90_000 });
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
  await expect(page.getByRole("region", { name: `Deploy ${name} v3` })).toContainText("You asked for this deploy");
  await context.close();
});

test("an approver deploys v2, production changes, and one click rolls it back", async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ storageState: storageStateFor("approver"), ...view });
  const page = await context.newPage();
  await page.goto("/actions");
  const request = page.getByRole("region", { name: `Deploy ${name} v2` });
  await expect(request.getByRole("table", { name: "Candidate and production side by side" })).toBeVisible();
  await page.screenshot({ path: path.join(outDir, "actions.png"), fullPage: true });
  await request.getByLabel("Comment").fill("Catches the new junk");
  await request.getByRole("button", { name: "Approve and deploy v2" }).click();
  await expect(page.getByText("v2 is now in production")).toBeVisible();

  await page.goto(`/models/${slug}/versions`);
  await expect(page.getByTestId("version-v2")).toContainText("production");
  await expect(page.getByTestId("version-v1")).toContainText("archived");
  await page.screenshot({ path: path.join(outDir, "versions.png"), fullPage: true });

  await page.getByRole("button", { name: "Roll back to v1" }).click();
  await expect(page.getByText("Rolled back: v1 serves again.")).toBeVisible();
  await expect(page.getByTestId("version-v1")).toContainText("production");
  await expect(page.getByTestId("version-v2")).toContainText("archived");

  await page.goto(`/audit?model=${slug}&action=version.`);
  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log).toContainText("version.rolled_back");
  await expect(log).toContainText("version.deployed");
  await expect(log).toContainText("approver@vigil.local");
  await page.screenshot({ path: path.join(outDir, "audit.png"), fullPage: true });
  await context.close();
});
