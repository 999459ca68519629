import { benjaminiHochberg } from "@/lib/stats/benjamini-hochberg";
import { twoProportionLowerP } from "@/lib/stats/two-proportion";
import { wilsonInterval, type ProportionEstimate } from "@/lib/stats/wilson";

/** One segment value's accuracy counts in a window (summed from its rollups). */
export type SliceCounts = { feature: string; value: string; volume: number; tested: number; correct: number };

/** A slice of the range against the rest of the range and against the reference window (API.md, slices). */
export type Slice = {
  feature: string;
  value: string;
  /** Predictions of the slice in the range. */
  n: number;
  accuracy: ProportionEstimate;
  rest: { value: number | null; n: number };
  reference: { value: number | null; n: number };
  /** The rest's accuracy minus the slice's: how much worse the slice is. */
  drop: number | null;
  pValue: number;
  qValue: number;
};

/** The answer of GET /api/v1/models/{model}/slices (API.md). */
export type ModelSlices = {
  model: string;
  from: string;
  to: string;
  basis: "groundTruth";
  reference: { from: string; to: string } | null;
  minN: number;
  slices: Slice[];
  tooSmall: number;
};

/** Labelled predictions a slice needs before it is tested; smaller ones are counted in `tooSmall`. */
export const SLICE_MIN_N = 30;

const key = (c: { feature: string; value: string }) => `${c.feature}\u0000${c.value}`;

/**
 * Every segment value with at least `minN` labelled predictions in the range, tested against the
 * rest of its feature's values in the range (one-sided: is the slice less accurate?), with
 * Benjamini–Hochberg q-values over every slice tested, the most significant drop first. Pure.
 */
export function rankSlices(current: readonly SliceCounts[], reference: readonly SliceCounts[], minN = SLICE_MIN_N): { slices: Slice[]; tooSmall: number } {
  const totals = new Map<string, { tested: number; correct: number }>();
  for (const c of current) {
    const t = totals.get(c.feature) ?? { tested: 0, correct: 0 };
    totals.set(c.feature, { tested: t.tested + c.tested, correct: t.correct + c.correct });
  }
  const referenceOf = new Map(reference.map((r) => [key(r), r]));
  let tooSmall = 0;
  const tested: Omit<Slice, "qValue">[] = [];
  for (const c of current) {
    if (c.tested < minN) {
      tooSmall++;
      continue;
    }
    const total = totals.get(c.feature)!;
    const rest = { tested: total.tested - c.tested, correct: total.correct - c.correct };
    const accuracy = wilsonInterval(c.correct, c.tested)!;
    const restValue = rest.tested ? rest.correct / rest.tested : null;
    const ref = referenceOf.get(key(c));
    tested.push({
      feature: c.feature,
      value: c.value,
      n: c.volume,
      accuracy,
      rest: { value: restValue, n: rest.tested },
      reference: { value: ref && ref.tested ? ref.correct / ref.tested : null, n: ref?.tested ?? 0 },
      drop: restValue === null ? null : restValue - accuracy.value!,
      // A feature with one value has no rest to compare with: nothing to find.
      pValue: twoProportionLowerP(c.correct, c.tested, rest.correct, rest.tested) ?? 1,
    });
  }
  const q = benjaminiHochberg(tested.map((s) => s.pValue));
  const slices = tested.map((s, i) => ({ ...s, qValue: q[i]! }));
  slices.sort((a, b) => a.pValue - b.pValue || (b.drop ?? 0) - (a.drop ?? 0) || (key(a) < key(b) ? -1 : 1));
  return { slices, tooSmall };
}
