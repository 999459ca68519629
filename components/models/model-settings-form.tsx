"use client";

import { useState, useTransition, type FormEvent } from "react";
import { updateModelSettingsAction } from "@/lib/actions/models";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, inputClass } from "@/components/ui/field";

type Initial = { referenceFrom: string; referenceTo: string; labelMaturityDays: number; driftMinN: number };

export function ModelSettingsForm({ slug, initial }: { slug: string; initial: Initial }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await updateModelSettingsAction({
        slug,
        referenceFrom: String(form.get("referenceFrom") ?? ""),
        referenceTo: String(form.get("referenceTo") ?? ""),
        labelMaturityDays: String(form.get("labelMaturityDays") ?? ""),
        driftMinN: String(form.get("driftMinN") ?? ""),
      });
      setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      setMessage(result.ok ? { tone: "success", text: "Saved. Drift on the model page now follows these settings." } : { tone: "error", text: result.code === "invalid_input" ? "Check the fields marked below." : result.message });
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Model settings">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Reference window</legend>
        <p className="mt-1 text-xs text-slate-500">Drift compares the selected range with these days (UTC, both included). Leave both empty for the default: the first 7 days of data.</p>
        <div className="mt-2 grid gap-4 sm:grid-cols-2">
          <Field label="First day" name="referenceFrom" errors={fieldErrors.referenceFrom}>
            <input id="referenceFrom" name="referenceFrom" type="date" defaultValue={initial.referenceFrom} className={inputClass} />
          </Field>
          <Field label="Last day" name="referenceTo" errors={fieldErrors.referenceTo}>
            <input id="referenceTo" name="referenceTo" type="date" defaultValue={initial.referenceTo} className={inputClass} />
          </Field>
        </div>
      </fieldset>
      <Field label="Drift minimum (predictions in each window)" name="driftMinN" errors={fieldErrors.driftMinN} hint="Below this many predictions in the selected range or in the reference window, drift is shown as “too few to judge” and drift monitors neither fire nor resolve.">
        <input id="driftMinN" name="driftMinN" type="number" min={1} step={1} required defaultValue={initial.driftMinN} className={`${inputClass} max-w-32`} />
      </Field>
      <Field label="Label maturity (days)" name="labelMaturityDays" errors={fieldErrors.labelMaturityDays} hint="How long ground truth takes to arrive in full; younger figures are shown as provisional.">
        <input id="labelMaturityDays" name="labelMaturityDays" type="number" min={0} max={365} defaultValue={initial.labelMaturityDays} className={`${inputClass} max-w-32`} />
      </Field>
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</Button>
    </form>
  );
}
