"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { changeOwnPasswordAction } from "@/lib/actions/account";
import { MIN_PASSWORD_LENGTH_CLIENT } from "@/lib/users/constants";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, inputClass } from "@/components/ui/field";

type FieldErrors = Record<string, string[]>;

export function ChangePasswordForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<number | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await changeOwnPasswordAction({
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
        confirmPassword: String(form.get("confirmPassword") ?? ""),
      });
      if (result.ok) {
        setDone(result.data.endedSessions);
        setError(null);
        setFieldErrors({});
        formRef.current?.reset();
      } else {
        setDone(null);
        setError(result.code === "invalid_input" && !result.fieldErrors?.currentPassword ? "Check the fields marked below." : result.message);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }

  const field = (name: string, label: string, autoComplete: string, hint?: string) => (
    <Field label={label} name={name} hint={hint} errors={fieldErrors[name]}>
      <input
        id={name}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        maxLength={200}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={fieldErrors[name] ? `${name}-error` : undefined}
        className={inputClass}
      />
    </Field>
  );

  return (
    <form ref={formRef} onSubmit={onSubmit} className="mt-4 grid max-w-md gap-4" aria-label="Change your password">
      {error ? <Alert>{error}</Alert> : null}
      {done !== null ? (
        <Alert tone="success">
          Your password is changed.{" "}
          {done === 0 ? "You had no other sessions." : `${done} other session${done === 1 ? "" : "s"} ended.`}
        </Alert>
      ) : null}
      {field("currentPassword", "Current password", "current-password")}
      {field("newPassword", "New password", "new-password", `At least ${MIN_PASSWORD_LENGTH_CLIENT} characters.`)}
      {field("confirmPassword", "New password again", "new-password")}
      <div>
        <Button type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</Button>
      </div>
    </form>
  );
}
