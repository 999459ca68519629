import { expect, test, type Page } from "@playwright/test";
import { storageStateFor } from "./support";

// Issue #13: no Content-Security-Policy and no frame protection. Pages now carry a nonce-based
// policy, every answer the fixed headers, and no page of the app breaks the policy.

const PAGE_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
}

test("a page carries a nonce-based Content-Security-Policy, and its scripts the same nonce", async ({ request }) => {
  const first = await request.get("/login");
  expect(first.headers()).toMatchObject(PAGE_HEADERS);
  const policy = directives(first.headers()["content-security-policy"]!);
  const scripts = policy.get("script-src")!;
  const nonce = scripts.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
  expect(scripts).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'none'"]);
  expect(policy.get("default-src")).toEqual(["'self'"]);
  const html = await first.text();
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
  // A fresh nonce per answer.
  const second = await request.get("/login");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);
});

test.describe("signed in", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("an app page has the same headers", async ({ request }) => {
    const response = await request.get("/settings/users");
    expect(response.status()).toBe(200);
    expect(response.headers()).toMatchObject(PAGE_HEADERS);
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  });
});

test("API answers carry nosniff, same-origin referrers and a policy that runs nothing", async ({ request }) => {
  for (const path of ["/api/v1/openapi.json", "/api/health", "/api/v1/alerts"]) {
    const response = await request.get(path);
    expect(response.headers(), path).toMatchObject({ ...PAGE_HEADERS, "content-security-policy": "default-src 'none'; frame-ancestors 'none'" });
  }
});

test("another site cannot frame Vigil", async ({ page, baseURL }) => {
  await page.route("http://framer.test/", (route) =>
    route.fulfill({ contentType: "text/html", body: `<iframe src="${baseURL}/login" onload="window.framed = true" width="600" height="400"></iframe>` }),
  );
  await page.goto("http://framer.test/");
  // The frame has loaded (the browser's refusal page, or Vigil's if it were allowed)...
  await page.waitForFunction(() => (window as unknown as { framed?: boolean }).framed === true, undefined, { timeout: 30_000 });
  // ...and it is not Vigil's sign-in page.
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  expect(await frame.getByText("Sign in to Vigil").count()).toBe(0);
});

test("an error answer quotes at most 100 characters of a 20 KB slug", async ({ request }) => {
  const key = (await import("node:fs")).readFileSync(".data/e2e/demo-api-key", "utf8").trim();
  const slug = "z".repeat(20_000);
  const response = await request.post("/api/v1/predictions", { headers: { authorization: `Bearer ${key}` }, data: { model: slug, predictions: [{ id: "x", score: 0.5, label: "spam" }] } });
  expect(response.status()).toBe(404);
  const body = await response.text();
  expect(body).not.toContain("z".repeat(101));
  expect(body.length).toBeLessThan(500);
});

/** Reports every Content-Security-Policy violation and script error the page meets. */
async function watchPolicy(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on("console", (m) => {
    if (/Content.Security.Policy|CSP violation/i.test(m.text())) problems.push(`${page.url()}: ${m.text().slice(0, 300)}`);
  });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
  return problems;
}

const ADMIN_PAGES = [
  "/",
  "/models/spam-filter",
  "/models/spam-filter?range=30d",
  "/models/delivery-time",
  "/models/spam-filter/labelling",
  "/models/spam-filter/versions",
  "/models/spam-filter/runs",
  "/models/spam-filter/settings",
  "/models/new",
  "/labelling",
  "/actions",
  "/alerts",
  "/monitors",
  "/monitors/new",
  "/audit",
  "/settings/users",
  "/settings/api-keys",
  "/settings/notifications",
  "/api-docs",
  "/account",
  "/no-such-page",
];

test.describe("every page loads with no policy violation", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("as an admin, charts and forms included", async ({ page }) => {
    test.setTimeout(120_000);
    const problems = await watchPolicy(page);
    for (const path of ADMIN_PAGES) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    // A chart drew (recharts renders SVG on the client) and a client-side navigation ran.
    await page.goto("/models/spam-filter");
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    await page.getByRole("link", { name: "Versions" }).click();
    await expect(page).toHaveURL(/\/versions$/);
    const alert = page.getByRole("link", { name: /Alerts/ }).first();
    await alert.click();
    await page.waitForLoadState("networkidle");
    expect(problems).toEqual([]);
  });
});

test("signed out, the sign-in page and a sign-in have no policy violation", async ({ browser }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const problems = await watchPolicy(page);
  await page.goto("/login");
  await page.getByLabel("E-mail").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not-a-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // A password check is slow on purpose (scrypt), and slower on a busy machine.
  await expect(page.getByText("That e-mail and password do not match an active account.")).toBeVisible({ timeout: 30_000 });
  expect(problems).toEqual([]);
  await context.close();
});
