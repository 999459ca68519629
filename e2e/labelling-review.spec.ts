import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { DATA_DIR, storageStateFor } from "./support";
import type { Role } from "@/lib/auth/roles";

const shots = process.env.SCREENSHOT_DIR ?? path.join("test-results", "labelling");

/** Labels the one item of the model's queue as `role`, by keyboard. */
async function labelOne(browser: Browser, role: Role, slug: string, key: string, label: string) {
  const context = await browser.newContext({ storageState: storageStateFor(role) });
  const page = await context.newPage();
  await page.goto(`/labelling?model=${slug}`);
  await expect(page.getByRole("table", { name: "Features" })).toBeVisible();
  await page.keyboard.press(key);
  await expect(page.getByText(`Saved ${label}. Press U within a minute to undo.`)).toBeVisible();
  await context.close();
}

test("two annotators disagree on an overlap item, and an approver sets its final label", async ({ browser, request }) => {
  const key = fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();
  const auth = { authorization: `Bearer ${key}` };
  const slug = `tickets-${Date.now().toString(36)}`;
  expect((await request.post("/api/v1/models", { headers: auth, data: { slug, name: "Ticket triage", task: "binary", classes: ["ok", "urgent"], positiveClass: "urgent" } })).status()).toBe(201);

  // An approver sets the policy: every prediction sampled, every item labelled twice.
  const approver = await browser.newContext({ storageState: storageStateFor("approver") });
  const admin = await approver.newPage();
  await admin.goto(`/models/${slug}`);
  await admin.getByRole("link", { name: "Labelling" }).click();
  const form = admin.getByRole("form", { name: "Sampling policy" });
  await form.getByLabel("Sampling rate").fill("1");
  await form.getByLabel("Overlap share").fill("1");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(admin.getByText("Saved.")).toBeVisible();
  const sent = await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions: [{ id: "t-1", score: 0.7, label: "urgent", features: { subject: "Printer on fire?" } }] } });
  expect(await sent.json()).toEqual({ accepted: 1, duplicates: 0 });

  await labelOne(browser, "annotator", slug, "1", "ok");
  await labelOne(browser, "admin", slug, "2", "urgent");

  await admin.reload();
  await expect(admin.getByTestId("kappa-model")).toBeVisible();
  const item = admin.getByRole("list", { name: "Items to review" }).getByRole("listitem", { name: "Prediction t-1" });
  await expect(item).toContainText("annotator@vigil.local: ok");
  await expect(item).toContainText("admin@vigil.local: urgent");
  await expect(item.getByRole("table", { name: "Features" })).toContainText("Printer on fire?");
  await admin.screenshot({ path: path.join(shots, "labelling-admin.png"), fullPage: true });
  await item.getByRole("group", { name: "Final label" }).getByRole("button", { name: "urgent" }).click();
  await expect(admin.getByText("Set urgent as the final label of t-1.")).toBeVisible();
  // The review box and the Agreement card count the same disagreement, now settled.
  await expect(admin.getByTestId("review-empty")).toHaveText("Nothing to review: the one disagreement so far is settled.");
  await expect(admin.getByTestId("agreement-disagreements")).toHaveText("1 disagreement(s) (1 settled by review, 0 waiting)");
  await admin.screenshot({ path: path.join(shots, "labelling-settled.png"), fullPage: true });

  // The final label counts: the model said urgent, and urgent it was.
  await admin.goto(`/models/${slug}`);
  await expect(admin.getByTestId("tile-sampled-accuracy-value")).toHaveText("100.0%");
  await expect(admin.getByTestId("tile-sampled-accuracy-n")).toHaveText("1");
  await approver.close();
});
