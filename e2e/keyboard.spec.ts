import { expect, test, type Page } from "@playwright/test";
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
