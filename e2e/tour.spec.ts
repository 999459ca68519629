import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

// Pictures of each main page as a person sees it, for review and for the README
// (`SCREENSHOT_DIR=docs/screenshots npx playwright test tour` refreshes those).
const outDir = process.env.SCREENSHOT_DIR ?? path.join("test-results", "tour");

test.describe("tour", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("sign-in page", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await page.screenshot({ path: path.join(outDir, "sign-in.png") });
    await context.close();
  });

  test.describe("as admin", () => {
    test.use({ storageState: storageStateFor("admin") });

    test("models overview, a model's dashboard and the settings", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByRole("heading", { name: "Spam filter" })).toBeVisible();
      await page.screenshot({ path: path.join(outDir, "models.png") });
      await page.goto("/models/spam-filter?range=30d");
      await expect(page.getByRole("table", { name: "Feature drift" })).toBeVisible();
      await page.screenshot({ path: path.join(outDir, "model-spam-filter.png"), fullPage: true });
      await page.goto("/models/delivery-time?range=30d");
      await expect(page.getByRole("table", { name: "Feature drift" })).toBeVisible();
      await page.screenshot({ path: path.join(outDir, "model-delivery-time.png"), fullPage: true });
      await page.goto("/settings/users");
      await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
      await page.screenshot({ path: path.join(outDir, "settings-users.png"), fullPage: true });
      await page.goto("/settings/api-keys");
      await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
      await page.screenshot({ path: path.join(outDir, "settings-api-keys.png"), fullPage: true });
      await page.goto("/models/new");
      await expect(page.getByRole("heading", { name: "Register a model" })).toBeVisible();
      await page.screenshot({ path: path.join(outDir, "register-model.png"), fullPage: true });
      await page.goto("/api-docs");
      await expect(page.getByRole("heading", { name: "HTTP API" })).toBeVisible();
      await page.screenshot({ path: path.join(outDir, "api-docs.png") });
    });
  });

  test.describe("as annotator", () => {
    test.use({ storageState: storageStateFor("annotator") });

    test("labelling queue", async ({ page }) => {
      await page.goto("/labelling");
      await expect(page.getByRole("heading", { name: "Labelling queue" })).toBeVisible();
      await page.getByLabel("Model").selectOption("spam-filter");
      await expect(page.getByRole("button", { name: /ham/ }).first()).toBeVisible();
      await page.screenshot({ path: path.join(outDir, "labelling.png") });
    });
  });
});
