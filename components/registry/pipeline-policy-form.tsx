"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { updatePipelinePolicyAction } from "@/lib/actions/registry";
import type { PublicPipeline } from "@/lib/services/registry";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, inputClass } from "@/components/ui/field";

/** When the model retrains and how its candidates deploy and roll back: approvers' and admins' settings. */
export function PipelinePolicyForm({ slug, pipeline, monitors }: { slug: string; pipeline: PublicPipeline; monitors: { id: string; name: string }[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [policy, setPolicy] = useState(pipeline.deployPolicy);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    startTransition(async () => {
      const result = await updatePipelinePolicyAction({ ...form, model: slug, rollbackWindowMinutes: form.rollbackWindowMinutes || null });
      setErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      setMessage(result.ok ? { tone: "success", text: "Saved. The next run and the next deploy follow these settings." } : { tone: "error", text: result.code === "invalid_input" ? "Check the fields marked below." : result.message });
      if (result.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" aria-label="Retrain and deploy policy">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Retraining</legend>
        <Field label="Schedule (cron, UTC)" name="schedule" errors={errors.schedule} hint="Five fields, e.g. 0 3 * * 1 for Mondays at 03:00; blank for none.">
          <input id="schedule" name="schedule" defaultValue={pipeline.schedule ?? ""} className={`${inputClass} font-mono`} />
        </Field>
        <Field label="Training window (days)" name="dataWindowDays" errors={errors.dataWindowDays} hint="Labelled predictions from these last days, plus the stored examples.">
          <input id="dataWindowDays" name="dataWindowDays" type="number" min={1} defaultValue={pipeline.dataWindowDays} className={inputClass} />
        </Field>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Deploying</legend>
        <Field label="Deploy policy" name="deployPolicy" errors={errors.deployPolicy}>
          <select id="deployPolicy" name="deployPolicy" value={policy} onChange={(e) => setPolicy(e.target.value as typeof policy)} className={inputClass}>
            <option value="approval">Approval by approvers</option>
            <option value="auto">Automatic when the candidate wins by the margin</option>
          </select>
        </Field>
        <Field label="Approvers needed" name="approvalsRequired" errors={errors.approvalsRequired} hint="Never counting the person who asked.">
          <input id="approvalsRequired" name="approvalsRequired" type="number" min={1} max={10} defaultValue={pipeline.approvalsRequired} className={inputClass} />
        </Field>
        <Field label="Automatic: margin in accuracy" name="autoMargin" errors={errors.autoMargin} hint="0.02 = the candidate must be 2 points better.">
          <input id="autoMargin" name="autoMargin" type="number" step="0.001" min={0} max={1} defaultValue={pipeline.autoMargin} className={inputClass} disabled={policy !== "auto"} />
        </Field>
        <Field label="Automatic: minimum held-out labels" name="autoMinN" errors={errors.autoMinN}>
          <input id="autoMinN" name="autoMinN" type="number" min={1} defaultValue={pipeline.autoMinN} className={inputClass} disabled={policy !== "auto"} />
        </Field>
        {policy !== "auto" ? (
          <>
            <input type="hidden" name="autoMargin" value={pipeline.autoMargin} />
            <input type="hidden" name="autoMinN" value={pipeline.autoMinN} />
          </>
        ) : null}
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Automatic rollback</legend>
        <Field label="Monitor that rolls back" name="rollbackMonitorId" errors={errors.rollbackMonitorId} hint={monitors.length ? "When this monitor fires soon after a deploy, production goes back." : "This model has no monitors yet; create one to roll back on its alert."}>
          <select id="rollbackMonitorId" name="rollbackMonitorId" defaultValue={pipeline.rollbackMonitorId ?? ""} className={inputClass}>
            <option value="">None: no automatic rollback</option>
            {monitors.map((m) => (
              <option key={m.id} value={m.id}>{m.name}</option>
            ))}
            {pipeline.rollbackMonitorId && !monitors.some((m) => m.id === pipeline.rollbackMonitorId) ? <option value={pipeline.rollbackMonitorId}>A deleted monitor</option> : null}
          </select>
        </Field>
        <Field label="Within (minutes after a deploy)" name="rollbackWindowMinutes" errors={errors.rollbackWindowMinutes}>
          <input id="rollbackWindowMinutes" name="rollbackWindowMinutes" type="number" min={1} defaultValue={pipeline.rollbackWindowMinutes ?? ""} className={inputClass} />
        </Field>
      </fieldset>
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save retrain and deploy policy"}</Button>
    </form>
  );
}
