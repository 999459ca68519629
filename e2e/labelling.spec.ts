import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { demoApiKey, storageStateFor } from "./support";
import { signedInAsNewUser } from "./seed";

/** The page's own notice (Next.js also keeps an empty role=alert route announcer). */
const notice = (page: Page) => page.locator('[role="alert"]:not([id="__next-route-announcer__"]), [role="status"]').first();
const count = async (page: Page, testId: string) => Number(((await page.getByTestId(testId).textContent()) ?? "").replace(/,/g, ""));

/**
 * A model of the calling test's own with every prediction sampled, so that the counts it reads
 * move only by its own labels: the demo's spam filter queue is also claimed by other specs.
 */
async function ownSampledModel(browser: Browser, request: APIRequestContext, name: string, predictions: object[]): Promise<string> {
  const auth = { authorization: `Bearer ${demoApiKey()}` };
  const slug = `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now().toString(36)}`;
  const created = await request.post("/api/v1/models", { headers: auth, data: { slug, name, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" } });
  expect(created.status()).toBe(201);
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const settings = await admin.newPage();
  await settings.goto(`/models/${slug}/labelling`);
  await settings.getByRole("form", { name: "Sampling policy" }).getByLabel("Sampling rate").fill("1");
  await settings.getByRole("button", { name: "Save policy" }).click();
  await expect(settings.getByText("Saved.")).toBeVisible();
  await admin.close();
  const sent = await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions } });
  expect(await sent.json()).toEqual({ accepted: predictions.length, duplicates: 0 });
  return slug;
}

test.describe("the labelling queue", () => {
  test("an annotator labels with the keyboard, skips with a reason and undoes", async ({ browser, request }) => {
    test.setTimeout(90_000); // a model, a policy and a person of its own come first
    const mail = Array.from({ length: 6 }, (_, i) => ({ id: `mail-${i}`, score: i % 2 ? 0.8 : 0.2, label: i % 2 ? "spam" : "ham", features: { sender_domain: `example-${i}.org`, links: i } }));
    const slug = await ownSampledModel(browser, request, "Mail triage", mail);
    // An annotator of this test's own: the demo annotator labels in other specs at the same time,
    // which would move the day's tally and the item that U takes back.
    const { context: annotator } = await signedInAsNewUser(browser, "annotator");
    const page = await annotator.newPage();
    await page.goto("/labelling");
    await expect(page.getByRole("heading", { name: "Labelling queue" })).toBeVisible();
    const claimCall = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
    await page.getByLabel("Model").selectOption(slug);
    await expect(page).toHaveURL(new RegExp(`/labelling\\?model=${slug}$`));
    const claim = await claimCall;

    // One item: its features as a table, text as text, the model's answer hidden.
    await expect(page.getByRole("table", { name: "Features" })).toContainText("sender_domain");
    await expect(page.getByText("The model's own answer is hidden, so that it does not sway yours.")).toBeVisible();
    await expect(page.getByRole("list", { name: "Keyboard shortcuts" })).toContainText("choose the class shown with that number");
    await expect(page.getByRole("group", { name: "Classes" }).getByRole("button")).toHaveText(["1ham", "2spam"]);
    const first = (await page.getByTestId("prediction-id").textContent())!;
    const today = await count(page, "labelled-today");
    const left = await count(page, "queue-remaining");
    expect(left).toBeGreaterThan(2);

    // 1 = ham.
    await page.getByRole("heading", { name: "Labelling queue" }).click();
    await page.keyboard.press("1");
    await expect(notice(page)).toHaveText("Saved ham. Press U within a minute to undo.");
    await expect(page.getByTestId("labelled-today")).toHaveText(String(today + 1));
    await expect(page.getByTestId("queue-remaining")).toHaveText((left - 1).toLocaleString("en"));
    const second = (await page.getByTestId("prediction-id").textContent())!;
    expect(second).not.toBe(first);

    // S, then a reason: "other" asks what is wrong; the shortcuts stay quiet while typing.
    await page.keyboard.press("s");
    await expect(page.getByRole("group", { name: "Why skip this item?" })).toBeVisible();
    await page.keyboard.press("3");
    const note = page.getByLabel("What is wrong with it?");
    await expect(note).toBeFocused();
    await note.pressSequentially("Not sure 1 2 u s");
    await expect(note).toHaveValue("Not sure 1 2 u s");
    await note.press("Enter");
    await expect(notice(page)).toHaveText("Skipped (other). Someone else will get that item.");
    await expect(page.getByTestId("prediction-id")).not.toHaveText(second);
    await expect(page.getByTestId("labelled-today")).toHaveText(String(today + 1));

    // U takes the label back: the first item returns to this annotator.
    await page.keyboard.press("u");
    await expect(notice(page)).toHaveText("Undone: your label ham is taken back, and the item is yours again.");
    await expect(page.getByTestId("prediction-id")).toHaveText(first);
    await expect(page.getByTestId("labelled-today")).toHaveText(String(today));

    // 2 = spam, this time.
    await page.keyboard.press("2");
    await expect(notice(page)).toHaveText("Saved spam. Press U within a minute to undo.");
    await expect(page.getByTestId("labelled-today")).toHaveText(String(today + 1));

    // The server action itself refuses a viewer, whatever the page shows.
    const viewer = await browser.newContext({ storageState: storageStateFor("viewer") });
    const headers = { "next-action": claim.headers()["next-action"]!, "content-type": claim.headers()["content-type"] ?? "text/plain;charset=UTF-8", accept: "text/x-component", origin: new URL(page.url()).origin };
    const refused = await viewer.request.post(claim.url(), { headers, data: claim.postData()! });
    expect(await refused.text()).toContain('"code":"forbidden"');
    await viewer.close();

    // The admin's sampling settings page counts the skip.
    const admin = await browser.newContext({ storageState: storageStateFor("admin") });
    const settings = await admin.newPage();
    await settings.goto(`/models/${slug}/labelling`);
    await expect(settings.getByRole("heading", { name: "Sampling for labelling" })).toBeVisible();
    await expect(settings.getByTestId("skips-other")).not.toHaveText("0");
    await admin.close();
    await annotator.close();
  });
});

test("an admin's sampling policy sends predictions to the queue, whose text annotators see as text", async ({ browser, request }) => {
  const auth = { authorization: `Bearer ${demoApiKey()}` };
  const slug = `notes-${Date.now().toString(36)}`;
  const created = await request.post("/api/v1/models", { headers: auth, data: { slug, name: "Notes filter", task: "binary", classes: ["ok", "junk"], positiveClass: "junk" } });
  expect(created.status()).toBe(201);

  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const settings = await admin.newPage();
  await settings.goto(`/models/${slug}/labelling`);
  const form = settings.getByRole("form", { name: "Sampling policy" });
  await expect(settings.getByText("This model uses the defaults.")).toBeVisible();
  await form.getByLabel("Sampling rate").fill("1");
  await form.getByLabel("Show annotators the model's prediction and score").check();
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(settings.getByText("Saved. Predictions that arrive from now on are sampled under this policy")).toBeVisible();
  await admin.close();

  const body = "<b>Win</b> a prize\n<script>document.title = 'pwned'</script>";
  const sent = await request.post("/api/v1/predictions", { headers: auth, data: { model: slug, predictions: [{ id: "n-1", score: 0.97, label: "junk", features: { body, words: 9 } }] } });
  expect(await sent.json()).toEqual({ accepted: 1, duplicates: 0 });

  // Admins label too; the demo annotator's tally stays the other test's own.
  const labeller = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await labeller.newPage();
  await page.goto(`/labelling?model=${slug}`);
  const features = page.getByRole("table", { name: "Features" });
  await expect(features).toContainText("<b>Win</b> a prize");
  await expect(features).toContainText("<script>document.title = 'pwned'</script>");
  await expect(features.locator("b, script")).toHaveCount(0);
  expect(await page.title()).not.toBe("pwned");
  await expect(page.getByTestId("model-answer")).toHaveText("The model said junk (probability of junk 0.97).");

  // The one item is held by the admin: an outside tool claiming now gets none.
  const claimed = await request.post("/api/v1/labelling/claim", { headers: auth, data: { model: slug, limit: 10 } });
  expect(claimed.status()).toBe(200);
  expect(await claimed.json()).toEqual({ items: [] });
  await page.keyboard.press("2");
  await expect(page.getByRole("heading", { name: "The queue for Notes filter is empty" })).toBeVisible();
  await labeller.close();
});

test.describe("for a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("the labelling page is refused", async ({ page }) => {
    expect((await page.goto("/labelling?model=spam-filter"))?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Your role does not open that page" })).toBeVisible();
  });
});
