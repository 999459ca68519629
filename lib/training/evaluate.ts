// Held-out figures of a binary classifier: accuracy, F1 of the positive class, ROC AUC.

export type Scored = { score: number; actual: boolean };
export type Evaluation = { n: number; accuracy: number; f1: number; auc: number | null; positives: number };

/** Share of predictions (score >= threshold means positive) that match the truth. */
export function accuracy(rows: Scored[], threshold = 0.5): number {
  if (!rows.length) return Number.NaN;
  return rows.filter((r) => r.score >= threshold === r.actual).length / rows.length;
}

/** F1 = 2PR/(P+R) of the positive class; 0 when there are no true positives. */
export function f1Score(rows: Scored[], threshold = 0.5): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    const predicted = r.score >= threshold;
    if (predicted && r.actual) tp++;
    else if (predicted && !r.actual) fp++;
    else if (!predicted && r.actual) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/**
 * ROC AUC as the Mann–Whitney statistic: the chance that a random positive scores above a
 * random negative, ties counting one half. Null without both classes. Ranks by sorting: O(n log n).
 */
export function rocAuc(rows: Scored[]): number | null {
  const positives = rows.filter((r) => r.actual).length;
  const negatives = rows.length - positives;
  if (!positives || !negatives) return null;
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.score === sorted[i]!.score) j++;
    const midRank = (i + j + 2) / 2; // ranks are 1-based; tied scores share their mean rank
    for (let k = i; k <= j; k++) if (sorted[k]!.actual) rankSum += midRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function evaluate(rows: Scored[], threshold = 0.5): Evaluation {
  return { n: rows.length, accuracy: accuracy(rows, threshold), f1: f1Score(rows, threshold), auc: rocAuc(rows), positives: rows.filter((r) => r.actual).length };
}

export type Decided = { predicted: string; actual: string };

/**
 * Held-out figures of a classifier by its decisions: accuracy, and macro F1 (the mean over the
 * classes of each class's F1, a class never predicted nor present counting 0) so a rare class
 * weighs as much as a common one. Its AUC is null: one score per example does not exist.
 */
export function evaluateDecisions(rows: Decided[], classes: string[]): Evaluation {
  const f1s = classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      if (r.predicted === c && r.actual === c) tp++;
      else if (r.predicted === c) fp++;
      else if (r.actual === c) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const right = rows.filter((r) => r.predicted === r.actual).length;
  return { n: rows.length, accuracy: rows.length ? right / rows.length : Number.NaN, f1: f1s.reduce((a, b) => a + b, 0) / Math.max(1, classes.length), auc: null, positives: 0 };
}
