"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { createApiKeyAction } from "@/lib/actions/api-keys";
import { API_PERMISSIONS, API_PERMISSION_DESCRIPTIONS } from "@/lib/api-keys/constants";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, inputClass } from "@/components/ui/field";

export function CreateApiKeyForm({ models }: { models: { slug: string; name: string }[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [scope, setScope] = useState<"all" | "some">("all");
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await createApiKeyAction({
        name: String(form.get("name") ?? ""),
        permissions: form.getAll("permissions").map(String),
        models: scope === "all" ? null : form.getAll("models").map(String),
      });
      if (result.ok) {
        setCreated({ name: result.data.name, secret: result.data.secret });
        setCopied(false);
        setError(null);
        setFieldErrors({});
        formRef.current?.reset();
        setScope("all");
      } else {
        setError(result.code === "invalid_input" ? "Check the fields marked below." : result.message);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }

  return (
    <div className="mt-4 space-y-4">
      {created ? (
        <Alert tone="success">
          <p>
            Created the key <strong>{created.name}</strong>. Copy it now: it cannot be shown again.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code className="block flex-1 overflow-x-auto rounded bg-white px-2 py-1 font-mono text-xs text-slate-900" data-testid="new-api-key">
              {created.secret}
            </code>
            <Button
              type="button"
              variant="secondary"
              onClick={() => void navigator.clipboard?.writeText(created.secret).then(() => setCopied(true))}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </Alert>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      <form ref={formRef} onSubmit={onSubmit} className="space-y-4" aria-label="Create an API key">
        <Field label="Name" name="name" errors={fieldErrors.name} hint="Who or what uses it, e.g. spam-filter model server.">
          <input id="name" name="name" required className={inputClass} />
        </Field>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Permissions</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {API_PERMISSIONS.map((p) => (
              <label key={p} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="permissions" value={p} defaultChecked={p === "ingest"} className="mt-1" />
                <span>
                  <span className="font-medium">{p}</span> <span className="text-slate-600">— {API_PERMISSION_DESCRIPTIONS[p]}</span>
                </span>
              </label>
            ))}
          </div>
          {fieldErrors.permissions ? <p className="mt-1 text-xs text-red-700">{fieldErrors.permissions.join(" ")}</p> : null}
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Models</legend>
          <div className="mt-2 flex gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" checked={scope === "all"} onChange={() => setScope("all")} /> All models, including future ones
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" checked={scope === "some"} onChange={() => setScope("some")} disabled={models.length === 0} /> Only these…
            </label>
          </div>
          {scope === "some" ? (
            <div className="mt-2 grid gap-1 sm:grid-cols-2">
              {models.map((m) => (
                <label key={m.slug} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="models" value={m.slug} /> {m.name} <span className="font-mono text-xs text-slate-500">{m.slug}</span>
                </label>
              ))}
            </div>
          ) : null}
          {fieldErrors.models ? <p className="mt-1 text-xs text-red-700">{fieldErrors.models.join(" ")}</p> : null}
        </fieldset>
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
      </form>
    </div>
  );
}
