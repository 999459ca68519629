import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DATA_DIR, storageStateFor } from "./support";

// HTML and script sent as prediction features (and as a class name) reach the labelling page as
// text: shown literally, no element injected, no script run, no dialog (issue #8).

const SCRIPT = "<script>window.__vigilPwned = 'script'; alert('script')</script>";
const IMG = `<img src="x" onerror="window.__vigilPwned = 'img'; alert('img')">`;
const MARKUP = "<b>bold</b> & <i>italic</i> &amp; <a href=\"javascript:alert('link')\">link</a>";
const SQL = "'; DROP TABLE predictions; --";
const HOSTILE_NAME = "<svg onload=alert('name')>";
const HOSTILE_CLASS = "<img src=y onerror=alert('class')>";

test.use({ storageState: storageStateFor("admin") });

test("HTML and <script> in text features are shown as text on the labelling page", async ({ page, browser, request }) => {
  const slug = `hostile-${Date.now().toString(36)}`;

  // A model of its own whose every prediction is sampled for labelling.
  await page.goto("/models/new");
  const form = page.getByRole("form", { name: "Register a model" });
  await form.getByLabel("Display name").fill("Hostile input");
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Class labels").fill(`safe, ${HOSTILE_CLASS}`);
  await form.getByLabel("Positive class").selectOption(HOSTILE_CLASS);
  await form.getByRole("button", { name: "Register model" }).click();
  await expect(page.getByText(`Registered ${slug}.`)).toBeVisible();
  await page.goto(`/models/${slug}/labelling`);
  const policy = page.getByRole("form", { name: "Sampling policy" });
  await policy.getByLabel("Sampling rate").fill("1");
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByText(/^Saved\. Predictions that arrive from now on/)).toBeVisible();

  const key = fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();
  const features = { script: SCRIPT, img: IMG, markup: MARKUP, sql: SQL, [HOSTILE_NAME]: "named" };
  const sent = await request.post("/api/v1/predictions", {
    headers: { authorization: `Bearer ${key}` },
    data: { model: slug, predictions: [{ id: `<b>id</b>${SQL}`, score: 0.7, label: HOSTILE_CLASS, features }] },
  });
  expect(await sent.json()).toEqual({ accepted: 1, duplicates: 0 });

  const context = await browser.newContext({ storageState: storageStateFor("annotator") });
  const annotator = await context.newPage();
  const dialogs: string[] = [];
  annotator.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await annotator.goto(`/labelling?model=${slug}`);
  const table = annotator.getByRole("table", { name: "Features" });
  await expect(table).toBeVisible();

  // Every value and name reads exactly as sent, as text.
  for (const text of [SCRIPT, IMG, MARKUP, SQL, HOSTILE_NAME]) await expect(table.getByText(text, { exact: true })).toBeVisible();
  await expect(annotator.getByTestId("prediction-id")).toHaveText(`<b>id</b>${SQL}`);
  await expect(annotator.getByRole("group", { name: "Classes" }).getByRole("button")).toHaveText(["1safe", `2${HOSTILE_CLASS}`]);

  // Nothing of it became markup, and nothing ran.
  await expect(table.locator("script, img, svg, b, i, a")).toHaveCount(0);
  await expect(annotator.locator("main img, main svg[onload], main b, main script:not([src])")).toHaveCount(0);
  expect(await annotator.evaluate(() => (window as unknown as { __vigilPwned?: string }).__vigilPwned)).toBeUndefined();
  await annotator.screenshot({ path: test.info().outputPath("hostile-labelling.png"), fullPage: true });
  expect(dialogs).toEqual([]);

  // Labelling it with the hostile class works like any other.
  await annotator.getByRole("heading", { name: "Labelling queue" }).click();
  await annotator.keyboard.press("2");
  await expect(annotator.getByText(`Saved ${HOSTILE_CLASS}. Press U within a minute to undo.`)).toBeVisible();
  expect(dialogs).toEqual([]);
  await context.close();
});
