"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { updatePipelineConnectionsAction } from "@/lib/actions/registry";
import { DEPLOY_TARGET_LABELS, TRAINER_LABELS } from "@/lib/registry/constants";
import type { PublicPipeline } from "@/lib/services/registry";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, inputClass } from "@/components/ui/field";

const SECRET_NAMES = { trainerSecret: "trainer's secret", deployWebhookSecret: "deploy webhook secret" } as const;

function storedHint(stored: boolean): string {
  return stored ? "A secret is stored. Blank keeps it while the URL stays the same; a new URL needs the secret again." : "Stored encrypted on the server; never shown again.";
}

/** Where the model's runs and deploys go, and their secrets (write-only): admins only. */
export function PipelineConnectionsForm({ slug, pipeline }: { slug: string; pipeline: PublicPipeline }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [trainer, setTrainer] = useState(pipeline.trainer);
  const [target, setTarget] = useState(pipeline.deployTarget);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = Object.fromEntries(new FormData(formElement)) as Record<string, string>;
    startTransition(async () => {
      const result = await updatePipelineConnectionsAction({ ...form, model: slug });
      setErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      if (!result.ok) {
        setMessage({ tone: "error", text: result.code === "invalid_input" ? "Check the fields marked below." : result.message });
        return;
      }
      const cleared = (Object.keys(SECRET_NAMES) as (keyof typeof SECRET_NAMES)[]).filter((k) => result.data.secrets[k] === "cleared").map((k) => SECRET_NAMES[k]);
      setMessage({ tone: "success", text: cleared.length ? `Saved. The stored ${cleared.join(" and the ")} went with the old destination and was removed; enter it again if the new one needs it.` : "Saved. The next run and the next deploy go here." });
      formElement.querySelectorAll<HTMLInputElement>("input[type=password]").forEach((input) => (input.value = ""));
      router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" aria-label="Where runs and deploys go">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Trainer</legend>
        <Field label="Trainer" name="trainer" errors={errors.trainer}>
          <select id="trainer" name="trainer" value={trainer} onChange={(e) => setTrainer(e.target.value as typeof trainer)} className={inputClass}>
            {Object.entries(TRAINER_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        {trainer === "prefect" ? (
          <>
            <Field label="Prefect API URL" name="prefectApiUrl" errors={errors.prefectApiUrl}>
              <input id="prefectApiUrl" name="prefectApiUrl" defaultValue={pipeline.trainerConfig.apiUrl ?? ""} placeholder="https://api.prefect.cloud/api/accounts/…/workspaces/…" className={inputClass} />
            </Field>
            <Field label="Deployment id" name="prefectDeploymentId" errors={errors.prefectDeploymentId}>
              <input id="prefectDeploymentId" name="prefectDeploymentId" defaultValue={pipeline.trainerConfig.deploymentId ?? ""} className={inputClass} />
            </Field>
          </>
        ) : null}
        {trainer === "webhook" ? (
          <Field label="Pipeline webhook URL" name="webhookUrl" errors={errors.webhookUrl}>
            <input id="webhookUrl" name="webhookUrl" defaultValue={pipeline.trainerConfig.url ?? ""} className={inputClass} />
          </Field>
        ) : null}
        {trainer === "prefect" || trainer === "webhook" ? (
          <Field label={trainer === "prefect" ? "Prefect API key" : "Webhook signing secret"} name="trainerSecret" errors={errors.trainerSecret} hint={storedHint(pipeline.hasTrainerSecret)}>
            <input id="trainerSecret" name="trainerSecret" type="password" autoComplete="off" className={inputClass} />
          </Field>
        ) : null}
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Deploy target</legend>
        <Field label="Deploy target" name="deployTarget" errors={errors.deployTarget}>
          <select id="deployTarget" name="deployTarget" value={target} onChange={(e) => setTarget(e.target.value as typeof target)} className={inputClass}>
            {Object.entries(DEPLOY_TARGET_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        {target === "webhook" ? (
          <>
            <Field label="Deploy webhook URL" name="deployWebhookUrl" errors={errors.deployWebhookUrl}>
              <input id="deployWebhookUrl" name="deployWebhookUrl" defaultValue={pipeline.deployWebhookUrl ?? ""} className={inputClass} />
            </Field>
            <Field label="Deploy webhook secret" name="deployWebhookSecret" errors={errors.deployWebhookSecret} hint={storedHint(pipeline.hasDeployWebhookSecret)}>
              <input id="deployWebhookSecret" name="deployWebhookSecret" type="password" autoComplete="off" className={inputClass} />
            </Field>
          </>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save where runs and deploys go"}</Button>
    </form>
  );
}
