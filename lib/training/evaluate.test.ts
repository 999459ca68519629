import { describe, expect, it } from "vitest";
import { accuracy, evaluate, f1Score, rocAuc } from "./evaluate";

const rows = (pairs: [number, boolean][]) => pairs.map(([score, actual]) => ({ score, actual }));

describe("held-out figures", () => {
  // Scores 0.9+ 0.8- 0.7+ 0.6+ 0.4- 0.3+ 0.2- 0.1- at threshold 0.5:
  // predicted positive: 0.9+ 0.8- 0.7+ 0.6+ → TP 3, FP 1; predicted negative: 0.4- 0.3+ 0.2- 0.1- → FN 1, TN 3.
  const sample = rows([[0.9, true], [0.8, false], [0.7, true], [0.6, true], [0.4, false], [0.3, true], [0.2, false], [0.1, false]]);

  it("accuracy counts matches at the threshold", () => {
    expect(accuracy(sample)).toBe(6 / 8);
  });

  it("F1 of the positive class is 2TP / (2TP + FP + FN)", () => {
    expect(f1Score(sample)).toBe(6 / 8); // 2·3 / (6 + 1 + 1)
    expect(f1Score(rows([[0.2, true], [0.1, false]]))).toBe(0);
  });

  it("ROC AUC is the share of positive-negative pairs ordered right", () => {
    // Pairs (positive above negative) out of 4·4 = 16:
    // 0.9: above all 4 negatives → 4; 0.7: above 0.4, 0.2, 0.1 → 3; 0.6: same → 3; 0.3: above 0.2, 0.1 → 2. 12/16.
    expect(rocAuc(sample)).toBe(0.75);
  });

  it("ties count one half", () => {
    // One positive and one negative at 0.5, one positive at 0.9: pairs (0.9 vs 0.5) = 1, (0.5 vs 0.5) = 0.5 → 1.5 / 2.
    expect(rocAuc(rows([[0.5, true], [0.5, false], [0.9, true]]))).toBe(0.75);
  });

  it("has no AUC with one class only", () => {
    expect(rocAuc(rows([[0.3, true], [0.8, true]]))).toBeNull();
    expect(evaluate(rows([[0.3, true]]))).toMatchObject({ n: 1, auc: null, positives: 1, accuracy: 0 });
  });
});
