import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { authenticate } from "@/lib/services/users/authenticate";
import { signInWithOidc } from "@/lib/services/users/sign-in-with-oidc";
import { ServiceError } from "@/lib/services/errors";
import { clientAddress } from "./client-address";

const SESSION_HOURS = 12;

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
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) throw new Error("Enter your e-mail and password.");
          try {
            const user = await authenticate(
              getDb(),
              { email: credentials.email, password: credentials.password, address: clientAddress(req.headers ?? {}) },
              {
                maxFailuresPerAccount: config.VIGIL_SIGNIN_MAX_FAILURES_PER_ACCOUNT,
                maxFailuresPerAddress: config.VIGIL_SIGNIN_MAX_FAILURES_PER_ADDRESS,
                windowMinutes: config.VIGIL_SIGNIN_WINDOW_MINUTES,
              },
            );
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
      async signIn({ account, user }) {
        if (account?.provider !== "oidc") return true;
        return Boolean(user.email);
      },
      async jwt({ token, user, account }) {
        if (account?.provider === "oidc" && user?.email) {
          const { id } = await signInWithOidc(getDb(), {
            email: user.email,
            name: user.name ?? "",
            defaultRole: config.OIDC_DEFAULT_ROLE,
          });
          token.sub = id;
        } else if (user) {
          token.sub = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = { id: token.sub ?? "", name: session.user?.name, email: session.user?.email };
        return session;
      },
    },
  };
}
