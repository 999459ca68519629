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

test.describe("as an annotator", () => {
  test.use({ storageState: storageStateFor("annotator") });

  test("picks a model's queue and labels an item with the keyboard alone", async ({ page, request }) => {
    const slug = `keylabel-${Date.now().toString(36)}`;
    const name = `Keylabel ${slug}`;
    const auth = { authorization: `Bearer ${demoApiKey()}` };
    expect((await request.post("/api/v1/models", { headers: auth, data: { slug, name, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" } })).status()).toBe(201);
    expect((await request.patch(`/api/v1/models/${slug}`, { headers: auth, data: { sampling: { rate: 1 } } })).status()).toBe(200);
    expect((await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions: [{ id: "kl-1", score: 0.8, label: "spam", features: { subject: "Cheap watches" } }] } })).status()).toBe(200);

    await page.goto("/labelling");
    await tabTo(page, "Model");
    // A closed select takes the option's first letters; choosing one opens that model's queue.
    await page.keyboard.type(name);
    await expect(page).toHaveURL(new RegExp(`model=${slug}$`));
    await expect(page.getByRole("table", { name: "Features" })).toContainText("Cheap watches");
    await page.keyboard.press("2");
    await expect(page.getByText("Saved spam. Press U within a minute to undo.")).toBeVisible();
  });
});

test.describe("focus is visible", () => {
  test.use({ storageState: storageStateFor("admin") });

  for (const path of ["/", "/monitors/new", "/alerts", "/actions", "/settings/notifications", "/models/spam-filter/versions", "/models/spam-filter/labelling"]) {
    test(`every control Tab reaches on ${path} shows a focus ring`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      const unseen: string[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
          // A ring drawn with box-shadow (Tailwind's ring utilities) counts too.
          const ring = style.boxShadow !== "none" && style.boxShadow !== "";
          const name = `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`;
          return { key: `${name}@${Math.round(el.getBoundingClientRect().top)}`, name, visible: outline || ring };
        });
        if (!focused || seen.has(focused.key)) break;
        seen.add(focused.key);
        if (!focused.visible) unseen.push(focused.name);
      }
      expect(seen.size, "Tab reached controls").toBeGreaterThan(3);
      expect(unseen, "controls whose focus cannot be seen").toEqual([]);
    });
  }
});
