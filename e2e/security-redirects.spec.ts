import { expect, test } from "@playwright/test";
import { OPEN_REDIRECT_ATTEMPTS } from "@/test/open-redirect-attempts";
import { demoCredential, expectSignedInAs, storageStateFor } from "./support";

// Issue #13: `/login?callbackUrl=/%09/127.0.0.1:8999/x` sent a signed-in visitor to
// `307 location: /\t/127.0.0.1:8999/x`, which a browser reads as //127.0.0.1:8999/x. Every
// attempt, as it would sit in a link, must land on Vigil's own origin.

/** Where a browser goes with this Location header, from Vigil's origin. */
const landsOn = (location: string, base: string) => new URL(location, base);

test.describe("signed in, the sign-in page redirects only to Vigil's own paths", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("for every attempt, encoded as in a link and raw", async ({ request, baseURL }) => {
    const wrong: string[] = [];
    const links = [...OPEN_REDIRECT_ATTEMPTS.map((a) => encodeURIComponent(a)), "/%09/127.0.0.1:8999/x", "%2F%09%2F127.0.0.1%3A8999%2Fx", "/%5C/evil.example", "%2F%2Fevil.example", "//evil.example", "/\\evil.example"];
    for (const link of links) {
      const response = await request.get(`/login?callbackUrl=${link}`, { maxRedirects: 0 });
      const location = response.headers().location ?? "";
      const target = landsOn(location, baseURL!);
      if (response.status() !== 307 || target.origin !== new URL(baseURL!).origin || /[\t\n\r\\]/.test(location) || location.startsWith("//")) {
        wrong.push(`${JSON.stringify(link)} → ${response.status()} ${JSON.stringify(location)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test("a same-origin path is kept", async ({ request }) => {
    const response = await request.get(`/login?callbackUrl=${encodeURIComponent("/models/spam-filter?range=7d")}`, { maxRedirects: 0 });
    expect(response.headers().location).toBe("/models/spam-filter?range=7d");
  });
});

test("signing in from a link with a tab in its callback stays on Vigil", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const { email, password } = demoCredential("viewer");
  await page.goto("/login?callbackUrl=/%09/127.0.0.1:8999/x");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectSignedInAs(page, email);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  await context.close();
});

test("next-auth's redirect callback keeps only Vigil's origin", async ({ playwright, baseURL }) => {
  const context = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const { email, password } = demoCredential("viewer");
  for (const callbackUrl of ["https://evil.example/", "//evil.example", "/\t/evil.example", "http://localhost.evil.example/"]) {
    const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await context.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, callbackUrl, json: "true" } });
    const { url } = (await response.json()) as { url: string };
    expect(new URL(url).origin, callbackUrl).toBe(new URL(baseURL!).origin);
    expect(url, callbackUrl).toBe(new URL("/", baseURL).toString());
  }
  await context.dispose();
});
