import type { Server } from "node:http";

// A real OpenID provider (npm oidc-provider, the certified implementation) on loopback, for the
// OIDC sign-in spec: one confidential client for Vigil and a few static people. The e2e server is
// configured for it in playwright.config.ts (OIDC_E2E_ENV), so only these constants are imported
// there; the provider itself loads when a spec starts it.

const e2ePort = Number(process.env.E2E_PORT ?? 3100);
export const OIDC_E2E_PORT = e2ePort + 10_000;
const issuer = `http://127.0.0.1:${OIDC_E2E_PORT}`;

/** The settings an operator would give Vigil for this provider (README, Configuration). */
export const OIDC_E2E_ENV = {
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: "vigil-e2e",
  OIDC_CLIENT_SECRET: "e2e-client-secret-not-for-production",
  OIDC_DISPLAY_NAME: "Test Identity",
  OIDC_ROLE_CLAIM: "groups",
  OIDC_ROLE_MAP: "vigil-approvers=approver,vigil-labellers=annotator",
};

/** The provider's people, by the login typed on its sign-in page; `groups` is the role claim. */
export const OIDC_PEOPLE = {
  ada: { email: "ada.oidc@e2e.test", name: "Ada Lovelace", groups: ["staff", "vigil-approvers"] },
  dee: { email: "dee.oidc@e2e.test", name: "Dee Parted", groups: ["staff"] },
} as const;

export type OidcProvider = { issuer: string; close: () => Promise<void> };

export async function startOidcProvider(): Promise<OidcProvider> {
  const { default: Provider } = await import("oidc-provider");
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_E2E_ENV.OIDC_CLIENT_ID,
        client_secret: OIDC_E2E_ENV.OIDC_CLIENT_SECRET,
        redirect_uris: [`http://localhost:${e2ePort}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    // Its own login and consent pages (any password; the login names a person below).
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const person = OIDC_PEOPLE[sub as keyof typeof OIDC_PEOPLE];
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email: person.email, email_verified: true, name: person.name, groups: [...person.groups] }) };
    },
    // As Keycloak, Google and Entra ID do, the ID token carries the profile and e-mail claims
    // (and the groups, as a Keycloak group mapper on the profile scope adds them).
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-cookie-key-not-for-production"] },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(OIDC_E2E_PORT, "127.0.0.1", () => resolve(listening));
  });
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
