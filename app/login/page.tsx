import type { Metadata } from "next";
import { redirect } from "next/navigation";
import Image from "next/image";
import { env } from "@/lib/env";
import { getSessionUser } from "@/lib/session/session";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { LoginForm } from "./client";

export const metadata: Metadata = { title: "Sign in" };

const OIDC_ERRORS: Record<string, string> = {
  OAuthSignin: "The single sign-on provider could not be reached.",
  OAuthCallback: "The single sign-on provider's answer could not be used.",
  AccessDenied: "This account may not sign in to Vigil.",
  Callback: "Sign-in could not be completed.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const config = env();
  const errorKey = typeof params.error === "string" ? params.error : undefined;

  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <Image src="/vigil.svg" alt="" width={44} height={44} priority />
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Sign in to Vigil</h1>
            <p className="mt-1 text-sm text-slate-600">Watch your models, label what they see, close the loop.</p>
          </div>
        </div>
        <LoginForm
          callbackUrl={callbackUrl}
          oidc={config.oidcEnabled ? { name: config.OIDC_DISPLAY_NAME } : null}
          initialError={errorKey ? (OIDC_ERRORS[errorKey] ?? null) : null}
          demo={config.demo}
        />
      </div>
    </main>
  );
}
