"use client";

import { useState } from "react";
import { labellingPlan, PLAN_CONFIDENCES, PLAN_WINDOW_DAYS } from "@/lib/labelling/planning";
import type { LabellingQueueInfo } from "@/lib/labelling/types";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";

/** How many labels a week needs to show a drop in accuracy, and how far this week's are from it. */
export function PlanningCard({ baseline, windowLabels }: { baseline: LabellingQueueInfo["baseline"]; windowLabels: number | null }) {
  const [dropPoints, setDropPoints] = useState("5");
  const [confidence, setConfidence] = useState(0.95);
  const plan = labellingPlan({ baseline: baseline.value, dropPoints: Number(dropPoints), confidence, have: windowLabels ?? 0 });

  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold text-slate-900">How many labels are enough?</h2>
      <div className="mt-3 grid grid-cols-2 gap-3">
        <div>
          <label htmlFor="plan-drop" className="text-xs font-medium text-slate-700">Drop to notice (points)</label>
          <input id="plan-drop" type="number" min={0.5} max={50} step={0.5} value={dropPoints} onChange={(e) => setDropPoints(e.currentTarget.value)} className={inputClass} />
        </div>
        <div>
          <label htmlFor="plan-confidence" className="text-xs font-medium text-slate-700">Confidence</label>
          <select id="plan-confidence" value={confidence} onChange={(e) => setConfidence(Number(e.currentTarget.value))} className={inputClass}>
            {PLAN_CONFIDENCES.map((c) => <option key={c} value={c}>{Math.round(c * 100)}%</option>)}
          </select>
        </div>
      </div>
      {plan ? (
        <>
          <div className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label="Labels this week against the labels needed" aria-valuemin={0} aria-valuemax={plan.needed} aria-valuenow={Math.min(plan.have, plan.needed)}>
            <div className={`h-full ${plan.missing ? "bg-brand-600" : "bg-emerald-600"}`} style={{ width: `${Math.round(plan.share * 100)}%` }} />
          </div>
          <p className="mt-2 text-xs text-slate-600" data-testid="labelling-plan">{plan.sentence}</p>
        </>
      ) : (
        <p className="mt-3 text-xs text-slate-600">Choose a drop above 0 and no larger than the accuracy itself.</p>
      )}
      <p className="mt-2 text-xs text-slate-500">
        {baseline.source === "sampled"
          ? `From the model's sampled accuracy over 30 days (${baseline.n.toLocaleString("en")} labels).`
          : "No labels yet, so an accuracy of 90% is assumed."}{" "}
        A one-sided two-proportion test of this {PLAN_WINDOW_DAYS}-day window against an earlier one.
      </p>
    </Card>
  );
}
