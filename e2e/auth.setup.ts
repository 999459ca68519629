import { test as setup } from "@playwright/test";
import { ROLES } from "@/lib/auth/roles";
import { demoCredential, expectSignedInAs, signIn, storageStateFor } from "./support";

// Signs each demo role in once through the real form; the specs reuse the saved cookies.
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const { email, password } = demoCredential(role);
    await signIn(page, email, password);
    await expectSignedInAs(page, email);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
