import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { authenticate, signInWithOidc, findSessionUser } from "@/lib/services/users";
import { SESSION_HOURS, startSession, endSession } from "@/lib/services/sessions";
import { roleFromClaim } from "@/lib/auth/oidc-roles";
import { ServiceError } from "@/lib/services/errors";
import { clientAddress } from "@/lib/auth/client-address";
import { safeRedirectUrl } from "@/lib/auth/callback-url";
import { signInLimits } from "@/lib/auth/sign-in-limits";

/** Thrown when next-auth's own session endpoint meets a cookie whose session has ended: next-auth then clears the cookie. */
class SessionEndedError extends Error {}

function oidcProvider(): NextAuthOptions["providers"] {
  const config = env();
  if (!config.oidcEnabled) return [];
  return [
    {
      id: "oidc",
      name: config.OIDC_DISPLAY_NAME,
      type: "oauth",
      wellKnown: `${config.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null };
      },
    },
  ];
}

export function authOptions(): NextAuthOptions {
  const config = env();
  return {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          if (!credentials?.email || !credentials.password) throw new Error("Enter your e-mail and password.");
          try {
            const address = clientAddress(await headers());
            const user = await authenticate(getDb(), { email: credentials.email, password: credentials.password, address }, signInLimits(config));
            return { id: user.id, email: user.email, name: user.name };
          } catch (error) {
            // next-auth passes an Error's message on to the sign-in form; keep it to our own words.
            if (error instanceof ServiceError) throw new Error(error.message);
            console.error("[vigil] sign-in failed", error);
            throw new Error("Sign-in is unavailable right now. Try again shortly.");
          }
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      async signIn({ account, user, profile }) {
        if (account?.provider !== "oidc") return true;
        if (!user.email) return false;
        try {
          // The role claim, when configured, decides the role at each sign-in (lib/auth/oidc-roles.ts).
          const providerRole = config.OIDC_ROLE_CLAIM && config.OIDC_ROLE_MAP ? (roleFromClaim(profile, config.OIDC_ROLE_CLAIM, config.OIDC_ROLE_MAP) ?? config.OIDC_DEFAULT_ROLE) : undefined;
          const { id } = await signInWithOidc(getDb(), { email: user.email, name: user.name ?? "", defaultRole: config.OIDC_DEFAULT_ROLE, providerRole });
          // Without an adapter next-auth hands this same object to the jwt callback: it names Vigil's user from here on.
          user.id = id;
          return true;
        } catch (error) {
          // A deactivated account: back to the sign-in page with "This account may not sign in to Vigil."
          if (error instanceof ServiceError && error.code === "forbidden") return false;
          throw error;
        }
      },
      // Only paths on Vigil's own origin, parsed as a browser would (lib/auth/callback-url.ts).
      async redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
      async jwt({ token, user }) {
        if (user) {
          // Signing in: the cookie names the user and a session recorded on the server.
          // An OIDC user's id was set to Vigil's own in the signIn callback.
          const userId = user.id;
          const requestHeaders = await headers();
          const session = await startSession(getDb(), { userId, address: clientAddress(requestHeaders), userAgent: requestHeaders.get("user-agent") });
          return { ...token, sub: userId, sid: session.id };
        }
        // next-auth's own session endpoint: an ended session is no session (the pages and APIs
        // check through lib/session/session.ts, which reads the same rows).
        const sessionId = typeof token.sid === "string" ? token.sid : undefined;
        if (!(await findSessionUser(getDb(), { userId: token.sub, sessionId }))) throw new SessionEndedError("session ended");
        return token;
      },
      async session({ session, token }) {
        session.user = { id: token.sub ?? "", name: session.user?.name, email: session.user?.email };
        return session;
      },
    },
    events: {
      // Signing out ends the session on the server: the cookie is refused from then on, wherever it was copied.
      async signOut({ token }) {
        await endSession(getDb(), typeof token?.sid === "string" ? token.sid : undefined, "signed_out");
      },
    },
    logger: {
      error(code, metadata) {
        if (metadata instanceof SessionEndedError) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
  };
}
