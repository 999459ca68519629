"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createChannelAction } from "@/lib/actions/notifications";
import { CHANNEL_TYPE_LABELS, CHANNEL_TYPES, type ChannelType } from "@/lib/notifications/constants";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";

export function CreateChannelForm({ smtpConfigured }: { smtpConfigured: boolean }) {
  const router = useRouter();
  const [type, setType] = useState<ChannelType>("webhook");
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    startTransition(async () => {
      const r = await createChannelAction({ name: form.get("name"), type, url: form.get("url") ?? "", secret: form.get("secret") ?? "", recipients: form.get("recipients") ?? "" });
      setErrors(r.ok ? {} : (r.fieldErrors ?? {}));
      setMessage(r.ok ? { tone: "success", text: "Added. Send a test to check that it arrives." } : { tone: "error", text: r.code === "invalid_input" ? "Check the fields marked below." : r.message });
      if (r.ok) {
        formElement.reset();
        router.refresh();
      }
    });
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4" aria-label="Add a notification channel" noValidate>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="channel-name" errors={errors.name}>
          <input id="channel-name" name="name" className={inputClass} maxLength={80} />
        </Field>
        <Field label="Type" name="channel-type" errors={errors.type}>
          <select id="channel-type" value={type} onChange={(e) => setType(e.target.value as ChannelType)} className={inputClass}>
            {CHANNEL_TYPES.map((t) => <option key={t} value={t}>{CHANNEL_TYPE_LABELS[t]}</option>)}
          </select>
        </Field>
        {type !== "email" ? (
          <Field label={type === "slack" ? "Incoming webhook URL" : "URL"} name="channel-url" errors={errors.url} hint={type === "slack" ? "From Slack's Incoming Webhooks app; it is stored on the server and shown only by its host." : "Vigil POSTs the alert JSON here."}>
            <input id="channel-url" name="url" type="url" className={inputClass} placeholder="https://" />
          </Field>
        ) : (
          <Field label="Recipients" name="channel-recipients" errors={errors.recipients} hint={smtpConfigured ? "E-mail addresses, separated by commas." : "SMTP_URL is not set on the server: e-mail deliveries will fail until it is."}>
            <input id="channel-recipients" name="recipients" className={inputClass} placeholder="oncall@example.com" />
          </Field>
        )}
        {type === "webhook" ? (
          <Field label="Signing secret" name="channel-secret" errors={errors.secret} hint="At least 16 characters. Receivers check X-Vigil-Signature with it; it is never shown again.">
            <input id="channel-secret" name="secret" type="password" autoComplete="new-password" className={inputClass} />
          </Field>
        ) : null}
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add channel"}</Button>
    </form>
  );
}
