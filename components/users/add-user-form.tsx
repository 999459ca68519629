"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { createUserAction } from "@/lib/actions/users";
import { ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/auth/roles";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

type FieldErrors = Record<string, string[]>;

export function AddUserForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<{ email: string; generatedPassword: string | null } | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    startTransition(async () => {
      const result = await createUserAction({
        email: String(form.get("email") ?? ""),
        name: String(form.get("name") ?? ""),
        role: String(form.get("role") ?? ""),
        password: password === "" ? undefined : password,
      });
      if (result.ok) {
        setCreated(result.data);
        setError(null);
        setFieldErrors({});
        formRef.current?.reset();
      } else {
        setCreated(null);
        setError(result.code === "invalid_input" ? "Check the fields marked below." : result.message);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }

  const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-xs";
  const fieldError = (name: string) =>
    fieldErrors[name] ? (
      <span id={`${name}-error`} className="mt-1 block text-xs text-red-700">
        {fieldErrors[name]!.join(" ")}
      </span>
    ) : null;

  return (
    <form ref={formRef} onSubmit={onSubmit} className="mt-4 grid gap-4 sm:grid-cols-2" aria-label="Add a user">
      {error ? <div className="sm:col-span-2"><Alert>{error}</Alert></div> : null}
      {created ? (
        <div className="sm:col-span-2">
          <Alert tone="success">
            Added {created.email}.
            {created.generatedPassword ? (
              <>
                {" "}Their password, shown only now: <code className="rounded bg-white px-1 font-mono" data-testid="generated-password">{created.generatedPassword}</code>
              </>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <label className="block">
        <span className="text-sm font-medium text-slate-700">E-mail</span>
        <input name="email" type="email" required className={input} aria-invalid={Boolean(fieldErrors.email)} aria-describedby={fieldErrors.email ? "email-error" : undefined} />
        {fieldError("email")}
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Name</span>
        <input name="name" required className={input} aria-invalid={Boolean(fieldErrors.name)} />
        {fieldError("name")}
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Role</span>
        <select name="role" defaultValue="viewer" className={input}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}
            </option>
          ))}
        </select>
        {fieldError("role")}
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Password <span className="font-normal text-slate-500">(optional)</span></span>
        <input name="password" type="password" autoComplete="new-password" className={input} aria-invalid={Boolean(fieldErrors.password)} />
        {fieldError("password")}
      </label>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add user"}</Button>
      </div>
    </form>
  );
}
