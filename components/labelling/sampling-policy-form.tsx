"use client";

import { useState, useTransition, type FormEvent } from "react";
import { setSamplingPolicyAction } from "@/lib/actions/labelling";
import { MAX_LEASE_MINUTES, SCORE_BANDS, STRATIFICATIONS, STRATIFICATION_LABELS, type SamplingPolicySettings, type Stratification } from "@/lib/labelling/constants";
import type { LabellingModel } from "@/lib/labelling/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";

/** Which stratifications fit the model: classes need a classifier, score bands a binary score. */
function allowed(model: LabellingModel, s: Stratification): boolean {
  if (s === "predicted_class") return model.task !== "regression";
  if (s === "score_band") return model.task === "binary";
  return true;
}

function strataOf(model: LabellingModel, s: Stratification): string[] {
  if (s === "predicted_class") return model.classes;
  if (s === "score_band") return [...SCORE_BANDS];
  return [];
}

export function SamplingPolicyForm({ model, initial }: { model: LabellingModel; initial: SamplingPolicySettings }) {
  const [pending, startTransition] = useTransition();
  const [stratifyBy, setStratifyBy] = useState<Stratification>(initial.stratifyBy);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    const stratumRates = Object.fromEntries(strataOf(model, stratifyBy).map((s) => [s, text(`stratum:${s}`)]));
    startTransition(async () => {
      const result = await setSamplingPolicyAction({
        slug: model.slug,
        rate: text("rate"),
        stratifyBy,
        stratumRates,
        dailyCap: text("dailyCap"),
        showPrediction: form.get("showPrediction") === "on",
        leaseMinutes: text("leaseMinutes"),
        overlapShare: text("overlapShare"),
      });
      setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      setMessage(
        result.ok
          ? { tone: "success", text: "Saved. Predictions that arrive from now on are sampled under this policy; items already queued keep theirs." }
          : { tone: "error", text: result.code === "invalid_input" ? "Check the fields marked below." : result.message },
      );
    });
  }

  const strata = strataOf(model, stratifyBy);
  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Sampling policy">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Field label="Sampling rate" name="rate" errors={fieldErrors.rate} hint="The share of predictions sent for labelling, from 0 to 1: 0.05 sends one in twenty.">
        <input id="rate" name="rate" type="number" min={0} max={1} step="any" required defaultValue={initial.rate} className={`${inputClass} max-w-40`} />
      </Field>

      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Strata</legend>
        <p className="mt-1 text-xs text-slate-500">Each stratum can have a rate of its own, to label more of what is rare. Sampled accuracy weights each label by 1/(its chance of being sampled): its rate, or less on a day the cap cut.</p>
        <div className="mt-2 space-y-1.5">
          {STRATIFICATIONS.map((s) => (
            <label key={s} className={`flex items-center gap-2 text-sm ${allowed(model, s) ? "text-slate-800" : "text-slate-400"}`}>
              <input type="radio" name="stratifyBy" value={s} checked={stratifyBy === s} disabled={!allowed(model, s)} onChange={() => setStratifyBy(s)} />
              {STRATIFICATION_LABELS[s]}
            </label>
          ))}
        </div>
        {fieldErrors.stratifyBy ? <p className="mt-1 text-xs text-red-700">{fieldErrors.stratifyBy.join(" ")}</p> : null}
        {strata.length ? (
          <div className="mt-3 grid gap-3 sm:grid-cols-3">
            {strata.map((s) => (
              <Field key={`${stratifyBy}:${s}`} label={`Rate for ${s}`} name={`stratum:${s}`} errors={fieldErrors[`stratumRates.${s}`]}>
                <input
                  id={`stratum:${s}`}
                  name={`stratum:${s}`}
                  type="number"
                  min={0}
                  max={1}
                  step="any"
                  placeholder="base rate"
                  defaultValue={initial.stratifyBy === stratifyBy ? (initial.stratumRates[s] ?? "") : ""}
                  className={inputClass}
                />
              </Field>
            ))}
            <p className="text-xs text-slate-500 sm:col-span-3">Leave a stratum empty to use the base rate.</p>
          </div>
        ) : null}
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Daily cap (items)" name="dailyCap" errors={fieldErrors.dailyCap} hint="At most this many predictions sampled from live traffic a day (UTC). Gold items and backfills neither count against it nor are limited by it. Empty: no cap.">
          <input id="dailyCap" name="dailyCap" type="number" min={1} step={1} defaultValue={initial.dailyCap ?? ""} className={inputClass} />
        </Field>
        <Field label="Lease (minutes)" name="leaseMinutes" errors={fieldErrors.leaseMinutes} hint="How long a claimed item waits for its annotator before it returns to the queue.">
          <input id="leaseMinutes" name="leaseMinutes" type="number" min={1} max={MAX_LEASE_MINUTES} step={1} required defaultValue={initial.leaseMinutes} className={inputClass} />
        </Field>
      </div>

      {model.task !== "regression" ? (
        <Field
          label="Overlap share"
          name="overlapShare"
          errors={fieldErrors.overlapShare}
          hint="The share of sampled items, from 0 to 1, that two different annotators label, to measure their agreement (Cohen's kappa). Disagreements wait for an approver's final label. 0: none."
        >
          <input id="overlapShare" name="overlapShare" type="number" min={0} max={1} step="any" defaultValue={initial.overlapShare} className={`${inputClass} max-w-40`} />
        </Field>
      ) : null}

      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" name="showPrediction" defaultChecked={initial.showPrediction} className="mt-0.5" />
        <span>
          Show annotators the model&apos;s prediction and score
          <span className="block text-xs text-slate-500">Off by default: seeing the model&apos;s answer pulls people towards it.</span>
        </span>
      </label>

      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save policy"}</Button>
    </form>
  );
}
