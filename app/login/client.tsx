"use client";

import { useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

type Props = { callbackUrl: string; oidc: { name: string } | null; initialError: string | null; demo: boolean };

export function LoginForm({ callbackUrl, oidc, initialError, demo }: Props) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Sign-in failed. Check your e-mail and password.");
        setPending(false);
        return;
      }
      // A full navigation, so the server renders the signed-in shell with the new cookie.
      window.location.assign(callbackUrl);
    } catch {
      setError("Vigil could not be reached. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
      <form onSubmit={onSubmit} className="space-y-4" noValidate={false}>
        {error ? <Alert>{error}</Alert> : null}
        <label className="block">
          <span className="text-sm font-medium text-slate-700">E-mail</span>
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-xs focus:border-brand-500"
          />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-xs focus:border-brand-500"
          />
        </label>
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {oidc ? (
        <>
          <div className="my-4 flex items-center gap-3 text-xs text-slate-500">
            <span className="h-px flex-1 bg-slate-200" />
            or
            <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button variant="secondary" className="w-full" onClick={() => void signIn("oidc", { callbackUrl })}>
            Continue with {oidc.name}
          </Button>
        </>
      ) : null}
      {demo ? (
        <p className="mt-4 text-xs text-slate-500">
          Demo mode: the sign-ins for each role were printed when Vigil started and are kept in{" "}
          <code className="rounded bg-slate-100 px-1 text-slate-700">.data/demo-credentials.json</code>.
        </p>
      ) : null}
    </div>
  );
}
