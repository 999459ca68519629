import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

// The demo's multiclass model, mail-triage (the SpamAssassin corpus's own groups), read only:
// its page is as complete as the spam filter's. No spec changes this model.

test.use({ storageState: storageStateFor("viewer") });

const CLASSES = ["easy-ham", "hard-ham", "spam"];
const percentOrDash = /(\d{1,3}\.\d%|–)/;

test("the demo's mail triage shows class shares, a 3 × 3 confusion matrix, each class's precision and recall, and sampled accuracy", async ({ page }) => {
  await page.goto("/");
  // By its address: other specs make models of their own that may share the display name.
  await page.locator('a[href="/models/mail-triage"]').click();
  await expect(page).toHaveURL(/\/models\/mail-triage$/);
  await page.getByRole("button", { name: "30 d" }).click();
  await expect(page).toHaveURL(/range=30d/);

  await expect(page.getByRole("heading", { name: "Class share" })).toBeVisible();
  const matrix = page.getByRole("table", { name: "Confusion matrix" });
  await expect(matrix.getByRole("row")).toHaveCount(1 + CLASSES.length);
  for (const c of CLASSES) {
    await expect(matrix.getByRole("columnheader", { name: c, exact: true })).toBeVisible();
    // Each actual class's row holds a count per predicted class.
    await expect(matrix.getByRole("row", { name: new RegExp(`^${c}`) })).toHaveText(new RegExp(`^${c}\\s*\\d[\\d,]*\\s*\\d[\\d,]*\\s*\\d[\\d,]*`));
  }

  const perClass = page.getByRole("table", { name: "Precision and recall by class" });
  await expect(perClass.getByRole("row")).toHaveCount(1 + CLASSES.length);
  for (const c of CLASSES) {
    const row = perClass.getByRole("row", { name: new RegExp(`^${c}`) });
    await expect(row).toHaveText(new RegExp(`^${c}\\s*[\\d,]+\\s*[\\d,]+\\s*${percentOrDash.source}`));
  }

  // The demo annotator labelled some of its sampled mail: the tile has a figure and its n.
  await expect(page.getByTestId("tile-sampled-accuracy-value")).toHaveText(/^\d{1,3}\.\d%$/);
  expect(Number((await page.getByTestId("tile-sampled-accuracy-n").innerText()).replace(/,/g, ""))).toBeGreaterThan(50);
  await expect(page.getByTestId("tile-ground-truth-accuracy-value")).toHaveText(/^\d{1,3}\.\d%$/);
  await page.screenshot({ path: test.info().outputPath("mail-triage.png"), fullPage: true });
});
