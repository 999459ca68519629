"use client";

import Link from "next/link";
import { Field, inputClass } from "@/components/ui/field";

export type FormSegment = { name: string; values: string[] };

/**
 * Which part of the model a ground-truth accuracy monitor watches: the whole model, one value of
 * a declared segment feature, or any of its values (tested together, Benjamini–Hochberg).
 */
export function SlicePicker({
  slug,
  segments,
  feature,
  value,
  errors,
  onChange,
}: {
  slug: string;
  segments: FormSegment[];
  feature: string;
  value: string;
  errors: { sliceFeature?: string[]; sliceValue?: string[] };
  onChange: (next: { sliceFeature: string; sliceValue: string }) => void;
}) {
  if (!segments.length) {
    return (
      <p className="text-xs text-slate-500 sm:col-span-2">
        To watch a slice (one sender domain, say), declare segment features in{" "}
        <Link className="underline" href={`/models/${encodeURIComponent(slug)}/settings#segment-features`}>the model&apos;s settings</Link>.
      </p>
    );
  }
  const values = segments.find((s) => s.name === feature)?.values ?? [];
  return (
    <>
      <Field label="Slice" name="sliceFeature" errors={errors.sliceFeature} hint={feature ? undefined : "The whole model, or the predictions with one value of a segment feature."}>
        <select id="sliceFeature" value={feature} onChange={(e) => onChange({ sliceFeature: e.target.value, sliceValue: "" })} className={inputClass}>
          <option value="">The whole model</option>
          {segments.map((s) => <option key={s.name} value={s.name}>By {s.name}</option>)}
        </select>
      </Field>
      {feature ? (
        <Field
          label={`Value of ${feature}`}
          name="sliceValue"
          errors={errors.sliceValue}
          hint={value ? undefined : "Any value: each is tested against the rest of the window, corrected together (Benjamini–Hochberg); fires when a significant one dropped more than the threshold, and names it."}
        >
          <select id="sliceValue" value={value} onChange={(e) => onChange({ sliceFeature: feature, sliceValue: e.target.value })} className={inputClass}>
            <option value="">Any value</option>
            {value && !values.includes(value) ? <option value={value}>{value}</option> : null}
            {values.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </Field>
      ) : null}
    </>
  );
}
