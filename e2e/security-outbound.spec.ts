import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DATA_DIR, storageStateFor } from "./support";

// Issue #13 by clicking: Vigil refuses to send to private addresses (this server allows only
// 127.0.0.1, for the specs' receivers), a failed call says "could not deliver" with the delivery
// log entry where admins read why, and only admins change where runs and deploys go.

const outDir = path.join("test-results", "outbound");
const view = { viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" as const };

/** A receiver on 127.0.0.1 that answers every request with `status`. */
async function receiverAnswering(status: number) {
  const server = http.createServer((req, res) => req.resume().on("end", () => res.writeHead(status).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function addChannel(page: Page, name: string, url: string) {
  const form = page.getByRole("form", { name: "Add a notification channel" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("URL").fill(url);
  await form.getByLabel("Signing secret").fill("e2e-outbound-secret-0123456789");
  await form.getByRole("button", { name: "Add channel" }).click();
  return form;
}

test("an admin cannot add a channel that sends to a private address, and reads why under the field", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("admin"), ...view });
  const page = await context.newPage();
  await page.goto("/settings/notifications");
  const name = `metadata-${Date.now().toString(36)}`;
  const form = await addChannel(page, name, "http://169.254.169.254/latest/meta-data/");
  await expect(form.getByText("Check the fields marked below.")).toBeVisible();
  await expect(form.getByText("Vigil does not call 169.254.169.254, a link-local address; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW")).toBeVisible();
  await page.screenshot({ path: path.join(outDir, "channel-refused.png"), fullPage: true });
  // 127.0.0.1 is this server's one allowed address (the specs' receivers); its neighbour, in hex, is not.
  await form.getByLabel("URL").fill("http://0x7f000002:54329/");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByText("Vigil does not call 127.0.0.2, a loopback address; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW")).toBeVisible();
  await form.getByLabel("URL").fill("http://[::1]:54329/");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByText("Vigil does not call ::1, a loopback address; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW")).toBeVisible();
  await expect(page.getByTestId(`channel-${name}`)).toHaveCount(0);
  await context.close();
});

test("Send test to a failing receiver says it could not deliver and names the log entry, where the admin reads the status", async ({ browser }) => {
  const receiver = await receiverAnswering(500);
  const context = await browser.newContext({ storageState: storageStateFor("admin"), ...view });
  const page = await context.newPage();
  try {
    await page.goto("/settings/notifications");
    const name = `failing-${Date.now().toString(36)}`;
    await addChannel(page, name, `${receiver.url}/hook`);
    await expect(page.getByText("Added. Send a test")).toBeVisible();
    await page.getByTestId(`channel-${name}`).getByRole("button", { name: "Send test" }).click();
    const said = page.getByText(new RegExp(`^${name}: could not deliver \\(delivery log entry ([0-9a-f]{8})\\)\\. Admins find the reason in the delivery log below\\.$`));
    await expect(said).toBeVisible();
    const entry = /entry ([0-9a-f]{8})/.exec((await said.textContent()) ?? "")![1]!;
    // The answer names no status code; the log entry does.
    await expect(said).not.toContainText("500");
    const row = page.getByTestId("delivery-row").filter({ hasText: entry });
    await expect(row).toContainText(name);
    await expect(row).toContainText("#1 500");
    await page.screenshot({ path: path.join(outDir, "send-test-failed.png"), fullPage: true });
  } finally {
    await context.close();
    await receiver.close();
  }
});

test("approvers see where runs go but only admins change it; a private URL is refused; a failed pipeline call reads the same for everyone, with the detail in the delivery log", async ({ browser, playwright, baseURL }) => {
  test.setTimeout(90_000);
  const receiver = await receiverAnswering(503);
  const slug = `outbound-${Date.now().toString(36)}`;
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim()}` } });
  expect((await api.post("/api/v1/models", { data: { slug, name: "Outbound check", task: "binary", classes: ["ham", "spam"], positiveClass: "spam" } })).status()).toBe(201);
  await api.dispose();
  const admin = await browser.newContext({ storageState: storageStateFor("admin"), ...view });
  const approver = await browser.newContext({ storageState: storageStateFor("approver"), ...view });
  try {
    const page = await admin.newPage();
    await page.goto(`/models/${slug}/versions`);
    const where = page.getByRole("form", { name: "Where runs and deploys go" });
    await where.getByLabel("Trainer").selectOption("webhook");
    await where.getByLabel("Pipeline webhook URL").fill("http://10.0.0.8/retrain");
    await where.getByLabel("Webhook signing secret").fill("pipeline-signing-secret-0123");
    await where.getByRole("button", { name: "Save where runs and deploys go" }).click();
    await expect(where.getByText("Vigil does not call 10.0.0.8, a private address; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW")).toBeVisible();
    await page.screenshot({ path: path.join(outDir, "pipeline-refused.png"), fullPage: true });

    await where.getByLabel("Pipeline webhook URL").fill(`${receiver.url}/retrain`);
    await where.getByLabel("Webhook signing secret").fill("pipeline-signing-secret-0123");
    await where.getByRole("button", { name: "Save where runs and deploys go" }).click();
    await expect(where.getByText("Saved. The next run and the next deploy go here.")).toBeVisible();

    // The approver sees the policy form and where runs go, and no way to change the destination or its secret.
    const approverPage = await approver.newPage();
    await approverPage.goto(`/models/${slug}/versions`);
    await expect(approverPage.getByRole("form", { name: "Retrain and deploy policy" })).toBeVisible();
    await expect(approverPage.getByRole("form", { name: "Where runs and deploys go" })).toHaveCount(0);
    const summary = approverPage.getByRole("definition").filter({ hasText: "Pipeline behind a signed webhook" });
    await expect(summary).toContainText(new URL(receiver.url).host);
    await expect(approverPage.getByText("Only admins change where Vigil sends runs and deploys")).toBeVisible();
    await expect(approverPage.getByLabel("Webhook signing secret")).toHaveCount(0);
    await approverPage.screenshot({ path: path.join(outDir, "versions-approver.png"), fullPage: true });

    // A retrain whose pipeline answers 503: the run says "could not deliver" and names the entry.
    await approverPage.getByRole("button", { name: "Retrain now" }).click();
    await expect(approverPage.getByText("Retrain started")).toBeVisible();
    await approverPage.goto(`/models/${slug}/runs`);
    const run = approverPage.getByRole("list", { name: "Retrain runs" }).getByRole("listitem").first();
    await expect(run).toContainText(/Could not start the pipeline: could not deliver \(delivery log entry [0-9a-f]{8}\)\./, { timeout: 30_000 });
    await expect(run).not.toContainText("503");
    const entry = /entry ([0-9a-f]{8})/.exec((await run.textContent()) ?? "")![1]!;

    await page.goto("/settings/notifications");
    const call = page.getByTestId("outbound-call-row").filter({ hasText: entry });
    await expect(call).toContainText("answered 503 Service Unavailable");
    await expect(call).toContainText(slug);
    await call.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outDir, "delivery-log.png"), fullPage: true });
  } finally {
    await admin.close();
    await approver.close();
    await receiver.close();
  }
});
