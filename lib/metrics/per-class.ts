import { wilsonInterval, type ProportionEstimate } from "@/lib/stats/wilson";

/** One class of a confusion matrix: how often predicting it was right, and how much of it was found. */
export type ClassFigures = {
  label: string;
  /** Predictions with ground truth whose actual class is this one. */
  support: number;
  /** Predictions with ground truth that predicted this class. */
  predicted: number;
  /** Right among the predictions of this class, with its Wilson interval; null when it was never predicted. */
  precision: ProportionEstimate | null;
  /** Found among the actual members of this class, with its Wilson interval; null when none arrived. */
  recall: ProportionEstimate | null;
};

/**
 * Per-class precision and recall from a confusion matrix whose rows are the actual class and
 * columns the predicted one (as the metrics JSON gives it). Each is a proportion of whole
 * predictions, so the Wilson interval of the model page's other rates applies.
 */
export function perClassFigures(confusion: { classes: string[]; counts: number[][] }): ClassFigures[] {
  const k = confusion.classes.length;
  const cell = (actual: number, predicted: number) => confusion.counts[actual]?.[predicted] ?? 0;
  return confusion.classes.map((label, c) => {
    let support = 0;
    let predicted = 0;
    for (let other = 0; other < k; other++) {
      support += cell(c, other);
      predicted += cell(other, c);
    }
    const right = cell(c, c);
    return { label, support, predicted, precision: wilsonInterval(right, predicted), recall: wilsonInterval(right, support) };
  });
}
