import { correct } from "@/lib/monitors/multiple-testing";
import type { Observation } from "@/lib/monitors/state-machine";
import type { MonitorRule } from "@/lib/monitors/schemas";
import { wilsonInterval } from "@/lib/stats/wilson";
import { rankSlices, type SliceCounts } from "./slices";

// A slice monitor's figure, from each segment value's counts in its window (summed from rollups).
// Here rather than in lib/monitors: it ranks slices as the slices panel does (lib/metrics leans on
// lib/monitors, never the other way).

export type SliceRef = { feature: string; value: string };
export type SliceFinding = SliceRef & { accuracy: number; n: number; drop: number | null; pValue: number; qValue: number; significant: boolean };
export type SliceObservation = Observation & { slice?: SliceRef; slices?: SliceFinding[] };

type SliceRule = Pick<MonitorRule, "sliceFeature" | "sliceValue" | "minN" | "correction" | "alpha">;

const NO_DATA: Observation = { value: null, n: 0 };

/**
 * One slice (`sliceValue` set): its ground-truth accuracy in the window with its Wilson interval.
 * Any slice: every value of the feature with at least the minimum n labelled is tested against the
 * rest of the window as the slices panel does (one-sided two-proportion test), the p-values are
 * corrected together (Benjamini–Hochberg by default), and the figure is the largest drop among the
 * slices still significant at the monitor's alpha, 0 when none is: so the monitor fires when a
 * significant slice dropped past the threshold, and names that slice.
 */
export function observeSlices(rule: SliceRule, counts: readonly SliceCounts[]): SliceObservation {
  const own = counts.filter((c) => c.feature === rule.sliceFeature);
  if (rule.sliceValue !== null) {
    const c = own.find((s) => s.value === rule.sliceValue);
    const accuracy = c ? wilsonInterval(c.correct, c.tested) : null;
    if (!c || !accuracy || accuracy.value === null) return NO_DATA;
    return { value: accuracy.value, n: c.tested, low: accuracy.low, high: accuracy.high, slice: { feature: c.feature, value: c.value } };
  }
  const { slices } = rankSlices(own, [], Math.max(1, rule.minN));
  if (!slices.length) return NO_DATA;
  const { adjusted, rejected } = correct(rule.correction, slices.map((s) => s.pValue), rule.alpha);
  const findings = slices.map((s, i): SliceFinding => ({
    feature: s.feature,
    value: s.value,
    accuracy: s.accuracy.value!,
    n: s.accuracy.n,
    drop: s.drop,
    pValue: s.pValue,
    qValue: adjusted[i]!,
    significant: rejected[i]!,
  }));
  const worst = findings.filter((f) => f.significant && f.drop !== null).sort((a, b) => b.drop! - a.drop! || a.qValue - b.qValue)[0];
  return {
    value: worst ? worst.drop! : 0,
    n: Math.min(...findings.map((f) => f.n)),
    ...(worst ? { slice: { feature: worst.feature, value: worst.value } } : {}),
    slices: findings,
  };
}

/** The slice's accuracy in the reference window, for a relative threshold on one slice. */
export function sliceReferenceValue(rule: SliceRule, reference: readonly SliceCounts[]): number | null {
  if (rule.sliceValue === null) return null;
  const c = reference.find((s) => s.feature === rule.sliceFeature && s.value === rule.sliceValue);
  return c && c.tested ? c.correct / c.tested : null;
}
