"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { setSegmentFeaturesAction } from "@/lib/actions/models";
import { MAX_SEGMENT_FEATURES } from "@/lib/metrics/segment-types";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { SegmentRebuildBar, useSegmentRebuild, type SegmentRebuild } from "./segment-rebuild-progress";

type Candidate = { name: string; type: "categorical" | "numeric" };

const TYPE_HINT: Record<Candidate["type"], string> = {
  categorical: "split by value: the 20 most frequent, the rest as (other)",
  numeric: "cut at the reference window's quintiles",
};

/**
 * Picks the features every figure is split by, from the reference window's features: at most 5.
 * Saving rebuilds the model's past hours in the background; the bar follows it to the end.
 */
export function SegmentFeaturesForm({ slug, candidates, declared, rebuilding }: { slug: string; candidates: Candidate[]; declared: string[]; rebuilding: SegmentRebuild | null }) {
  const [chosen, setChosen] = useState<string[]>(declared);
  const [saved, setSaved] = useState<string[]>(declared);
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const queryClient = useQueryClient();
  const rebuild = useSegmentRebuild(slug, rebuilding);
  const full = chosen.length >= MAX_SEGMENT_FEATURES;

  function toggle(name: string, on: boolean) {
    setChosen((c) => (on ? [...c, name] : c.filter((n) => n !== name)));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await setSegmentFeaturesAction({ slug, segmentFeatures: chosen });
      if (!result.ok) {
        setMessage({ tone: "error", text: result.fieldErrors?.segmentFeatures?.join(" ") ?? result.message });
        return;
      }
      queryClient.setQueryData(["segment-rebuild", slug], result.data.rebuilding);
      setSaved(result.data.segmentFeatures);
      setMessage({ tone: "success", text: result.data.segmentFeatures.length ? "Saved." : "Saved: the figures are no longer split by any feature." });
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Segment features" id="segment-features">
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Segment features</legend>
        <p className="mt-1 text-xs text-slate-500">
          Every figure of the model page and the “Where it decayed” panel are split by these features. Choose at most {MAX_SEGMENT_FEATURES} of the features
          in the reference window&apos;s predictions; the past is split in the background.
        </p>
        {candidates.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">The reference window holds no predictions with features yet: send predictions first.</p>
        ) : (
          <ul className="mt-3 grid gap-2 sm:grid-cols-2">
            {candidates.map((c) => {
              const on = chosen.includes(c.name);
              return (
                <li key={c.name}>
                  <label className={`flex items-start gap-2 rounded-md border px-3 py-2 text-sm ${on ? "border-brand-300 bg-brand-50" : "border-slate-200"} ${!on && full ? "opacity-60" : ""}`}>
                    <input type="checkbox" className="mt-0.5" name="segmentFeatures" value={c.name} checked={on} disabled={!on && full} onChange={(e) => toggle(c.name, e.target.checked)} />
                    <span>
                      <span className="font-mono">{c.name}</span> <Badge tone={c.type === "numeric" ? "violet" : "blue"}>{c.type}</Badge>
                      <span className="block text-xs text-slate-600">{TYPE_HINT[c.type]}</span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        <p className="mt-2 text-xs text-slate-500" aria-live="polite">
          {chosen.length} of {MAX_SEGMENT_FEATURES} chosen{full ? ": untick one to choose another" : ""}.
        </p>
      </fieldset>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {rebuild.data ? <SegmentRebuildBar rebuild={rebuild.data} /> : null}
      {!rebuild.data && message?.tone === "success" && saved.length ? (
        <p className="text-sm text-slate-700">
          Every hour is split.{" "}
          <Link className="font-medium text-brand-700 underline" href={`/models/${slug}?split=${encodeURIComponent(`feature:${saved[0]}`)}`}>
            See the model split by {saved[0]}
          </Link>
        </p>
      ) : null}
      <Button type="submit" disabled={pending || candidates.length === 0}>{pending ? "Saving…" : "Save segment features"}</Button>
    </form>
  );
}
