import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { ROLES, roleCan, type Permission } from "@/lib/auth/roles";
import { models, retrainRuns, runLogs } from "@/lib/db/schema";
import { withE2eDatabase } from "./e2e-database";
import { createOwnBuiltInModel } from "./seed";
import { demoApiKey, storageStateFor } from "./support";

// axe-core's WCAG 2.1 A and AA rules on every page, for every role that opens it: the buttons,
// forms and tables differ by role, so each role's version of a page is a page of its own.
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type PageUnderTest = { path: string; permission: Permission; ready: (page: Page) => Promise<void> };

/** The demo's first alert and monitor, through the API (their ids are random per install). */
async function demoIds(request: APIRequestContext): Promise<{ alertId: string; monitorId: string }> {
  const response = await request.get("/api/v1/alerts", { headers: { authorization: `Bearer ${demoApiKey()}` } });
  const alerts = (await response.json()) as { alerts: { id: string; monitorId: string }[] };
  const alert = alerts.alerts[0];
  if (!alert) throw new Error("the demo has no alert");
  return { alertId: alert.id, monitorId: alert.monitorId };
}

/** A page is ready when its heading shows and nothing is still loading (loading.tsx boundaries). */
const ready = (extra?: (page: Page) => Promise<void>) => async (page: Page) => {
  await expect(page.locator("h1")).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await extra?.(page);
};

function pagesFor(ids: { alertId: string; monitorId: string }): PageUnderTest[] {
  const driftTable = ready(async (page) => expect(page.getByRole("table", { name: "Feature drift" })).toBeVisible());
  return [
    { path: "/", permission: "models.view", ready: ready() },
    { path: "/models/spam-filter?range=30d", permission: "models.view", ready: driftTable },
    { path: "/models/delivery-time?range=30d", permission: "models.view", ready: driftTable },
    { path: "/models/spam-filter/versions", permission: "models.view", ready: ready() },
    { path: "/models/spam-filter/runs", permission: "models.view", ready: ready() },
    { path: "/models/spam-filter/labelling", permission: "labelling.manage", ready: ready() },
    { path: "/models/spam-filter/settings", permission: "models.manage", ready: ready() },
    { path: "/models/new", permission: "models.manage", ready: ready() },
    { path: "/alerts", permission: "models.view", ready: ready() },
    { path: `/alerts/${ids.alertId}`, permission: "models.view", ready: ready() },
    { path: "/monitors", permission: "models.view", ready: ready() },
    { path: `/monitors/${ids.monitorId}`, permission: "models.view", ready: ready() },
    { path: `/monitors/${ids.monitorId}/edit`, permission: "monitors.manage", ready: ready() },
    { path: "/monitors/new", permission: "monitors.manage", ready: ready() },
    { path: "/labelling?model=spam-filter", permission: "labels.write", ready: ready() },
    { path: "/actions", permission: "actions.decide", ready: ready() },
    { path: "/audit", permission: "audit.view", ready: ready() },
    { path: "/settings/users", permission: "users.manage", ready: ready() },
    { path: "/settings/api-keys", permission: "users.manage", ready: ready() },
    { path: "/settings/notifications", permission: "notifications.manage", ready: ready() },
    { path: "/account", permission: "account.manage", ready: ready() },
    { path: "/api-docs", permission: "models.view", ready: ready() },
    { path: "/no-such-page", permission: "models.view", ready: ready() },
  ];
}

async function violationsOn(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

for (const role of ROLES) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageStateFor(role) });

    test("every page the role opens has no WCAG 2.1 A or AA violation", async ({ page, request }) => {
      test.setTimeout(240_000);
      const pages = pagesFor(await demoIds(request)).filter((p) => roleCan(role, p.permission));
      // The refusal page itself, for a role that meets it.
      if (role !== "admin") pages.push({ path: "/settings/users", permission: "models.view", ready: ready() });
      const found: Record<string, string[]> = {};
      for (const { path, ready } of pages) {
        await page.goto(path);
        await ready(page);
        // What hides behind a disclosure (a run's log, open while the run runs) is checked too.
        await page.locator("details:not([open])").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        const violations = await violationsOn(page);
        if (violations.length) found[path] = violations;
      }
      expect(found).toEqual({});
    });
  });
}

test("the sign-in page has no WCAG 2.1 A or AA violation", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await violationsOn(page)).toEqual([]);
  await context.close();
});

test.describe("a run's long log", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("scrolls inside its box and is reachable by keyboard, with no WCAG violation", async ({ page, request }) => {
    const slug = `a11y-run-log-${Date.now().toString(36)}`;
    await createOwnBuiltInModel(request, { slug, name: "Accessibility run log" });
    await withE2eDatabase(async (db) => {
      const [model] = await db.select({ id: models.id }).from(models).where(eq(models.slug, slug));
      const [run] = await db
        .insert(retrainRuns)
        .values({ modelId: model!.id, status: "failed", trigger: "manual", trainer: "built-in", requestedByLabel: "browser test seed", error: "the trainer gave up" })
        .returning({ id: retrainRuns.id });
      await db.insert(runLogs).values(Array.from({ length: 60 }, (_, i) => ({ runId: run!.id, message: `epoch ${i + 1}: loss ${(1 / (i + 1)).toFixed(4)}` })));
    });
    await page.goto(`/models/${slug}/runs`);
    await expect(page.locator("h1")).toBeVisible();
    // The page shows a run's last 30 lines.
    await page.getByText("Log (30 lines)").click();
    const log = page.locator("details[open] pre");
    await expect(log).toBeVisible();
    // Overflowing, so only a focusable box lets a keyboard user scroll it.
    expect(await log.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await violationsOn(page)).toEqual([]);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(/^Log of the run started/)).toBeFocused();
  });
});
