import { expect, test, type Page } from "@playwright/test";
import { createOwnBuiltInModel } from "./seed";
import { demoApiKey, storageStateFor } from "./support";

// Flows done with the keyboard alone: Tab to each control (never a click or a fill), type, Enter.
// Each control reached must show where the focus is.

/** Tabs forward until the focused control's name is `name`; fails when focus never gets there or is not shown. */
async function tabTo(page: Page, name: string, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      if (!el || el === document.body) return null;
      const label = el.labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? el.textContent ?? "";
      const style = getComputedStyle(el);
      return { label: label.trim(), outline: style.outlineStyle !== "none" && style.outlineWidth !== "0px" };
    });
    if (focused?.label === name) {
      expect(focused.outline, `focus on "${name}" is visible`).toBe(true);
      return;
    }
  }
  throw new Error(`"${name}" was not reached with the Tab key`);
}

test.describe("as an approver", () => {
  test.use({ storageState: storageStateFor("approver") });

  test("creates a monitor with the keyboard alone", async ({ page, request }) => {
    const slug = `keyboard-${Date.now().toString(36)}`;
    const created = await request.post("/api/v1/models", {
      headers: { authorization: `Bearer ${demoApiKey()}` },
      data: { slug, name: `Keyboard ${slug}`, task: "binary", classes: ["legit", "fraud"], positiveClass: "fraud" },
    });
    expect(created.status()).toBe(201);

    await page.goto(`/monitors/new?model=${slug}`);
    await expect(page.getByRole("form", { name: "New monitor" }).getByLabel("Model")).toHaveValue(slug);
    await tabTo(page, "Name");
    await page.keyboard.type("Fraud flags jumped, by keyboard");
    await tabTo(page, "Threshold");
    await page.keyboard.type("0.5");
    await tabTo(page, "Create monitor");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Saved. The change is audited")).toBeVisible();
    await expect(page.getByRole("heading", { name: /Fraud flags jumped, by keyboard/ })).toBeVisible();
  });
});

test.describe("as an approver, on a model of this spec's own", () => {
  test.use({ storageState: storageStateFor("approver") });

  test("approves a deploy and rolls it back with the keyboard alone", async ({ page, request }) => {
    test.setTimeout(180_000);
    const slug = `keys-${Date.now().toString(36)}`;
    const name = `Keys ${slug}`;
    await createOwnBuiltInModel(request, { slug, name });
    // A monitor that proposes a retrain fires; the retrain makes v2 and asks for a deploy.
    const auth = { authorization: `Bearer ${demoApiKey()}` };
    const monitor = await request.post("/api/v1/monitors", {
      headers: auth,
      data: { model: slug, name: "Keys flags jumped", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 20, severity: "warning", policy: "propose-retrain" },
    });
    expect(monitor.status(), await monitor.text()).toBe(201);
    const predictions = Array.from({ length: 40 }, (_, i) => ({ id: `k-${i}`, score: i % 10 ? 0.9 : 0.2, label: i % 10 ? "spam" : "ham", features: { links: i % 10 ? 4 : 0 } }));
    expect((await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } })).status()).toBe(200);
    await request.post(`/api/v1/monitors/${(await monitor.json()).id}/evaluate`, { headers: auth });

    await expect(async () => {
      await page.goto("/actions");
      await expect(page.getByRole("region", { name: `Deploy ${name} v2` })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 120_000 });
    await tabTo(page, "Comment");
    await page.keyboard.type("Approved by keyboard");
    await tabTo(page, "Approve and deploy v2");
    await page.keyboard.press("Enter");
    await expect(page.getByText("v2 is now in production")).toBeVisible();

    await page.goto(`/models/${slug}/versions`);
    await expect(page.getByTestId("version-v2")).toContainText("production");
    await tabTo(page, "Roll back to v1");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Rolled back: v1 serves again.")).toBeVisible();
    await expect(page.getByTestId("version-v1")).toContainText("production");
  });
});
