"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { createMonitorAction, previewMonitorAction, updateMonitorAction } from "@/lib/actions/monitors";
import {
  COMPARISON_LABELS, COMPARISONS, CORRECTION_LABELS, CORRECTIONS, DRIFT_METRICS, FEATURE_METRICS, FEATURE_TEST_METRICS, METRIC_LABELS, METRIC_TASKS, METRICS_WITH_INTERVAL,
  MONITOR_METRICS, POLICIES, POLICY_LABELS, PROPORTION_METRICS, SEVERITIES, WINDOW_CHOICES, type MonitorMetric,
} from "@/lib/monitors/constants";
import type { ModelTask } from "@/lib/models/constants";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { ThresholdChart, type ChartLimits, type ChartPoint } from "./threshold-chart";
import { SlicePicker, type FormSegment } from "./slice-picker";
import { SEQUENTIAL_METRICS } from "@/lib/monitors/sequential";
import { SequentialFields } from "./sequential-fields";
import { describeSequential, type SequentialStatement } from "./describe-rule";

export type FormModel = { slug: string; name: string; task: ModelTask; classes: string[]; features: string[]; segments: FormSegment[] };
export type FormChannel = { id: string; name: string; type: string };
export type FormValues = Record<string, string | boolean | string[]>;


type Preview = { points: ChartPoint[]; limits: ChartLimits | null; minN: number; sequential: SequentialStatement | null };
const PREVIEW_FIELDS = ["model", "kind", "falseAlarmDays", "metric", "feature", "class", "sliceFeature", "sliceValue", "window", "comparison", "thresholdMode", "threshold", "thresholdHigh", "resolveThreshold", "resolveThresholdHigh", "minN", "requireInterval", "correction", "alpha"];

export function MonitorForm({ models, channels, initial, monitorId }: { models: FormModel[]; channels: FormChannel[]; initial: FormValues; monitorId?: string }) {
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, startSaving] = useTransition();
  const [preview, setPreview] = useState<{ state: "idle" | "loading" | "ready" | "error"; data?: Preview; error?: string }>({ state: "idle" });
  const requestId = useRef(0);

  const text = (k: string) => String(values[k] ?? "");
  const set = (k: string, v: string | boolean | string[]) => setValues((old) => ({ ...old, [k]: v }));
  const model = models.find((m) => m.slug === values.model);
  const metric = values.metric as MonitorMetric;
  const sequential = values.kind === "sequential";
  const metrics = MONITOR_METRICS.filter((m) => (!model || METRIC_TASKS[m].includes(model.task)) && (!sequential || (SEQUENTIAL_METRICS as readonly string[]).includes(m)));
  const featureMetric = FEATURE_METRICS.includes(metric);
  // Drift over every feature corrects its tests together; a quality share takes the largest feature's.
  const tested = (FEATURE_TEST_METRICS as readonly MonitorMetric[]).includes(metric);
  const allFeaturesTested = featureMetric && tested && !text("feature").trim();
  // A sequential monitor watches the whole model.
  const sliceMetric = metric === "groundTruthAccuracy" && !sequential;
  const anySlice = sliceMetric && Boolean(text("sliceFeature")) && !text("sliceValue");
  const outside = values.comparison === "outside";
  const proportion = PROPORTION_METRICS.includes(metric);
  const unitHint = anySlice ? "The drop floor, as a fraction: 0.1 fires on a significant slice 10 points below the rest." : values.thresholdMode === "relative" ? "A change as a fraction of the reference window's value: 0.2 is 20% above it, -0.1 is 10% below." : proportion ? "As a fraction: 0.5 is 50%." : undefined;
  const previewKey = useMemo(() => JSON.stringify(PREVIEW_FIELDS.map((k) => values[k])), [values]);

  // The preview follows the form, half a second after the last change; only the latest answer counts.
  useEffect(() => {
    if (!values.model) return;
    const id = ++requestId.current;
    const timer = setTimeout(async () => {
      setPreview((p) => ({ ...p, state: "loading" }));
      const result = await previewMonitorAction(payload(values));
      if (id !== requestId.current) return;
      setPreview(result.ok ? { state: "ready", data: result.data as Preview } : { state: "error", error: result.message });
    }, 500);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- previewKey stands for the fields the preview reads
  }, [previewKey]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    startSaving(async () => {
      const result = monitorId ? await updateMonitorAction({ id: monitorId, definition: payload(values) }) : await createMonitorAction(payload(values));
      if (result.ok) {
        router.push(`/monitors/${result.data.id}?saved=1`);
        router.refresh();
        return;
      }
      setErrors(result.fieldErrors ?? {});
      setMessage(result.code === "invalid_input" ? "Check the fields marked below." : result.message);
    });
  }

  const err = (k: string) => errors[k];
  const described = (k: string) => (errors[k]?.length ? { "aria-invalid": true, "aria-describedby": `${k}-error` } : {});

  return (
    <form onSubmit={onSubmit} className="grid gap-6 lg:grid-cols-5" aria-label={monitorId ? "Edit monitor" : "New monitor"} noValidate>
      <div className="space-y-5 lg:col-span-3">
        {message ? <Alert>{message}</Alert> : null}
        <Card className="space-y-4 p-5">
          <h2 className="text-base font-semibold">What to watch</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Model" name="model" errors={err("model")}>
              <select id="model" value={text("model")} disabled={Boolean(monitorId)} onChange={(e) => set("model", e.target.value)} className={inputClass} {...described("model")}>
                <option value="">Choose a model…</option>
                {models.map((m) => <option key={m.slug} value={m.slug}>{m.name} ({m.slug})</option>)}
              </select>
            </Field>
            <Field label="Name" name="name" errors={err("name")} hint="Shown on alerts and in notifications.">
              <input id="name" value={text("name")} onChange={(e) => set("name", e.target.value)} className={inputClass} maxLength={120} {...described("name")} />
            </Field>
            <Field label="Kind" name="kind" errors={err("kind")} hint={sequential ? "Gathers evidence hour by hour (CUSUM) and states its false alarms and delay." : "Re-tests the window's figure against a threshold every minute."}>
              <select id="kind" value={text("kind")} onChange={(e) => setValues((old) => ({ ...old, kind: e.target.value, ...(e.target.value === "sequential" && !(SEQUENTIAL_METRICS as readonly string[]).includes(metric) ? { metric: "groundTruthAccuracy", comparison: "below" } : {}) }))} className={inputClass} {...described("kind")}>
                <option value="window">Window threshold</option>
                <option value="sequential">Sequential change detection</option>
              </select>
            </Field>
            <Field label="Metric" name="metric" errors={err("metric")}>
              <select id="metric" value={metric} onChange={(e) => set("metric", e.target.value)} className={inputClass} {...described("metric")}>
                {metrics.map((m) => <option key={m} value={m}>{METRIC_LABELS[m]}</option>)}
              </select>
            </Field>
            <Field label="Window" name="window" errors={err("window")} hint="The figure is read over the last hours or days: 6h, 24h, 7d.">
              <input id="window" list="window-choices" value={text("window")} onChange={(e) => set("window", e.target.value)} className={inputClass} {...described("window")} />
              <datalist id="window-choices">{WINDOW_CHOICES.map((w) => <option key={w} value={w} />)}</datalist>
            </Field>
            {metric === "classShare" ? (
              <Field label="Class" name="class" errors={err("class")}>
                <select id="class" value={text("class")} onChange={(e) => set("class", e.target.value)} className={inputClass} {...described("class")}>
                  <option value="">Choose a class…</option>
                  {(model?.classes ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
                </select>
              </Field>
            ) : null}
            {sliceMetric && model ? (
              <SlicePicker
                slug={model.slug}
                segments={model.segments}
                feature={text("sliceFeature")}
                value={text("sliceValue")}
                errors={{ sliceFeature: err("sliceFeature"), sliceValue: err("sliceValue") }}
                onChange={(next) => setValues((old) => ({ ...old, ...next, ...(next.sliceFeature && !next.sliceValue ? { comparison: "above", thresholdMode: "absolute" } : {}) }))}
              />
            ) : null}
            {featureMetric ? (
              <Field label="Feature" name="feature" errors={err("feature")} hint={tested ? "Empty: every feature at once, with a multiple-testing correction." : "Empty: every feature at once (the largest share)."}>
                <input id="feature" list="feature-choices" value={text("feature")} onChange={(e) => set("feature", e.target.value)} className={inputClass} placeholder="every feature" {...described("feature")} />
                <datalist id="feature-choices">{(model?.features ?? []).map((f) => <option key={f} value={f} />)}</datalist>
              </Field>
            ) : null}
          </div>
          <Field label="Description" name="description" errors={err("description")}>
            <textarea id="description" rows={2} value={text("description")} onChange={(e) => set("description", e.target.value)} className={inputClass} />
          </Field>
        </Card>

        <Card className="space-y-4 p-5">
          <h2 className="text-base font-semibold">When it fires</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            {sequential ? <SequentialFields text={text} set={set} err={err} /> : (
            <>
            <Field label="Fires when the value" name="comparison" errors={err("comparison")}>
              <select id="comparison" value={text("comparison")} onChange={(e) => set("comparison", e.target.value)} className={inputClass} {...described("comparison")}>
                {COMPARISONS.map((c) => <option key={c} value={c}>{COMPARISON_LABELS[c]}</option>)}
              </select>
            </Field>
            <Field label="Threshold is" name="thresholdMode" errors={err("thresholdMode")}>
              <select id="thresholdMode" value={text("thresholdMode")} disabled={DRIFT_METRICS.includes(metric)} onChange={(e) => set("thresholdMode", e.target.value)} className={inputClass} {...described("thresholdMode")}>
                <option value="absolute">Absolute</option>
                <option value="relative">Relative to the reference window</option>
              </select>
            </Field>
            <Field label={outside ? "Band from" : allFeaturesTested ? "Effect-size floor" : anySlice ? "Drop floor" : "Threshold"} name="threshold" errors={err("threshold")} hint={allFeaturesTested ? `The ${metric === "featureKs" ? "KS D" : "PSI"} a significant feature must also exceed, so a huge sample does not fire on a trivial shift.` : unitHint}>
              <input id="threshold" inputMode="decimal" value={text("threshold")} onChange={(e) => set("threshold", e.target.value)} className={inputClass} {...described("threshold")} />
            </Field>
            {outside ? (
              <Field label="Band to" name="thresholdHigh" errors={err("thresholdHigh")}>
                <input id="thresholdHigh" inputMode="decimal" value={text("thresholdHigh")} onChange={(e) => set("thresholdHigh", e.target.value)} className={inputClass} {...described("thresholdHigh")} />
              </Field>
            ) : null}
            <Field label={outside ? "Resolves inside, from" : "Resolves at"} name="resolveThreshold" errors={err("resolveThreshold")} hint="Optional: a firing alert resolves only once the value is back past this, so it does not flap. Empty: the threshold.">
              <input id="resolveThreshold" inputMode="decimal" value={text("resolveThreshold")} onChange={(e) => set("resolveThreshold", e.target.value)} className={inputClass} {...described("resolveThreshold")} />
            </Field>
            {outside ? (
              <Field label="Resolves inside, to" name="resolveThresholdHigh" errors={err("resolveThresholdHigh")}>
                <input id="resolveThresholdHigh" inputMode="decimal" value={text("resolveThresholdHigh")} onChange={(e) => set("resolveThresholdHigh", e.target.value)} className={inputClass} {...described("resolveThresholdHigh")} />
              </Field>
            ) : null}
            {metric !== "volume" ? (
              <Field label="Minimum n" name="minN" errors={err("minN")} hint="Fewer observations in the window never fire (nor resolve).">
                <input id="minN" inputMode="numeric" value={text("minN")} onChange={(e) => set("minN", e.target.value)} className={inputClass} {...described("minN")} />
              </Field>
            ) : null}
            <Field label="For (consecutive evaluations)" name="forEvaluations" errors={err("forEvaluations")} hint="Evaluated every minute: 5 means past the threshold for five minutes running.">
              <input id="forEvaluations" inputMode="numeric" value={text("forEvaluations")} onChange={(e) => set("forEvaluations", e.target.value)} className={inputClass} {...described("forEvaluations")} />
            </Field>
            </>
            )}
          </div>
          {METRICS_WITH_INTERVAL.includes(metric) && !anySlice && !sequential ? (
            <label className="flex items-start gap-2 text-sm text-slate-700">
              <input type="checkbox" className="mt-0.5" checked={values.requireInterval === true} onChange={(e) => set("requireInterval", e.target.checked)} />
              <span>Fire only when the 95% interval, not just the point, is past the threshold<span className="block text-xs text-slate-500">Fewer false alarms on small samples; slower to fire.</span></span>
            </label>
          ) : null}
          {(allFeaturesTested || anySlice) && !sequential ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Multiple-testing correction" name="correction" errors={err("correction")}>
                <select id="correction" value={text("correction")} onChange={(e) => set("correction", e.target.value)} className={inputClass}>
                  {CORRECTIONS.map((c) => <option key={c} value={c}>{CORRECTION_LABELS[c]}</option>)}
                </select>
              </Field>
              <Field label="Significance level (α)" name="alpha" errors={err("alpha")}>
                <input id="alpha" inputMode="decimal" value={text("alpha")} onChange={(e) => set("alpha", e.target.value)} className={inputClass} {...described("alpha")} />
              </Field>
            </div>
          ) : null}
        </Card>

        <Card className="space-y-4 p-5">
          <h2 className="text-base font-semibold">What happens then</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Severity" name="severity" errors={err("severity")}>
              <select id="severity" value={text("severity")} onChange={(e) => set("severity", e.target.value)} className={inputClass}>
                {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </Field>
            <Field label="Action policy" name="policy" errors={err("policy")} hint={values.policy === "notify" ? undefined : "Recorded on the alert as a request for the retrain runner (issue #7), which carries it out."}>
              <select id="policy" value={text("policy")} onChange={(e) => set("policy", e.target.value)} className={inputClass}>
                {POLICIES.map((p) => <option key={p} value={p}>{POLICY_LABELS[p]}</option>)}
              </select>
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Notify</legend>
            {channels.length ? (
              <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
                {channels.map((c) => (
                  <label key={c.id} className="flex items-center gap-2 text-sm text-slate-700">
                    <input type="checkbox" checked={(values.channels as string[]).includes(c.id)} onChange={(e) => set("channels", e.target.checked ? [...(values.channels as string[]), c.id] : (values.channels as string[]).filter((x) => x !== c.id))} />
                    {c.name} <span className="text-xs text-slate-500">({c.type})</span>
                  </label>
                ))}
              </div>
            ) : (
              <p className="mt-1 text-xs text-slate-500">No notification channels yet; an admin adds them under Settings → Notifications. Alerts still appear on the Alerts page.</p>
            )}
            {err("channels") ? <p className="mt-1 text-xs text-red-700">{err("channels")!.join(" ")}</p> : null}
          </fieldset>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={values.enabled === true} onChange={(e) => set("enabled", e.target.checked)} /> Enabled (evaluated every minute)
          </label>
        </Card>
        <div className="flex gap-3">
          <Button type="submit" disabled={saving}>{saving ? "Saving…" : monitorId ? "Save changes" : "Create monitor"}</Button>
          <Link href={monitorId ? `/monitors/${monitorId}` : "/monitors"} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">Cancel</Link>
        </div>
      </div>

      <div className="lg:col-span-2">
        <Card className="sticky top-4 p-4">
          <h2 className="text-sm font-semibold text-slate-900">Preview</h2>
          <p className="mb-2 text-xs text-slate-500">The value this monitor would have read over its window at each moment of the last two weeks, against the threshold. Hollow points have fewer than the minimum n.</p>
          <div aria-live="polite" data-testid="monitor-preview">
            {!values.model ? (
              <p className="py-16 text-center text-sm text-slate-500">Choose a model to see its recent values.</p>
            ) : preview.state === "error" ? (
              <Alert>{preview.error}</Alert>
            ) : preview.data ? (
              <div className={preview.state === "loading" ? "opacity-60" : undefined}>
                {preview.data.points.every((p) => p.value === null) ? (
                  <p className="py-16 text-center text-sm text-slate-500">No data for this metric in the last days.</p>
                ) : (
                  <ThresholdChart metric={metric} points={preview.data.points} limits={preview.data.limits} minN={preview.data.minN} height={240} />
                )}
                {sequential ? <SequentialSummary statement={preview.data.sequential} /> : <PreviewSummary preview={preview.data} comparison={text("comparison")} />}
              </div>
            ) : (
              <p className="py-16 text-center text-sm text-slate-500">Loading the recent values…</p>
            )}
          </div>
        </Card>
      </div>
    </form>
  );
}

function SequentialSummary({ statement }: { statement: SequentialStatement | null }) {
  if (!statement) return <p className="mt-2 text-xs text-slate-500">Enter the change to notice; the model needs a reference window with this figure.</p>;
  return <p className="mt-2 rounded-md bg-slate-50 p-2 text-sm text-slate-800" data-testid="sequential-statement">{describeSequential(statement)}</p>;
}

function PreviewSummary({ preview, comparison }: { preview: Preview; comparison: string }) {
  if (!preview.limits) return <p className="mt-2 text-xs text-slate-500">Enter a threshold to see where it lies.</p>;
  const { threshold, thresholdHigh } = preview.limits;
  const judged = preview.points.filter((p) => p.value !== null && p.n >= preview.minN);
  const isPast = (v: number) => (comparison === "above" ? v > threshold : comparison === "below" ? v < threshold : v < threshold || (thresholdHigh !== null && v > thresholdHigh));
  const past = judged.filter((p) => isPast(p.value!)).length;
  return (
    <p className="mt-2 text-xs text-slate-600" data-testid="preview-summary">
      {past} of the {judged.length} points with enough data are past the threshold
      {judged.length < preview.points.length ? `; ${preview.points.length - judged.length} have too little data to judge` : ""}.
    </p>
  );
}

/** The form's text as the service expects it (empty fields stay empty: the schema reads them as unset). */
function payload(v: FormValues): Record<string, unknown> {
  // A sequential monitor has no band, resolve line or relative threshold: the fields it hides are not sent.
  if (v.kind === "sequential") return { ...v, allFeatures: false, requireInterval: false, thresholdMode: "absolute", thresholdHigh: "", resolveThreshold: "", resolveThresholdHigh: "" };
  return {
    ...v,
    feature: v.feature,
    allFeatures: false,
    // A slice is watched by ground-truth accuracy only: another metric leaves the pickers behind.
    sliceFeature: v.metric === "groundTruthAccuracy" ? v.sliceFeature : "",
    sliceValue: v.metric === "groundTruthAccuracy" ? v.sliceValue : "",
    // Any slice tests each slice already: the interval option is not offered there.
    requireInterval: v.requireInterval === true && METRICS_WITH_INTERVAL.includes(v.metric as MonitorMetric) && !(v.metric === "groundTruthAccuracy" && v.sliceFeature && !v.sliceValue),
  };
}
