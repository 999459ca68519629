import { describe, expect, it } from "vitest";
import { weightedProportion } from "./weighted-proportion";
import { wilsonInterval } from "./wilson";

describe("weightedProportion", () => {
  it("is the plain Wilson interval when every item had the same chance", () => {
    const items = [true, true, true, false, true].map((correct) => ({ correct, inclusionProbability: 0.2 }));
    const plain = wilsonInterval(4, 5)!;
    const r = weightedProportion(items)!;
    expect(r.value).toBeCloseTo(0.8, 12);
    expect(r.effectiveN).toBeCloseTo(5, 12);
    expect(r.low).toBeCloseTo(plain.low, 12);
    expect(r.high).toBeCloseTo(plain.high, 12);
    expect(r.n).toBe(5);
  });

  it("weights by 1/π and takes the interval at Kish's effective n (worked by hand)", () => {
    // Stratum A sampled at π = 0.5: two items, both correct, weight 2 each.
    // Stratum B sampled at π = 0.1: two items, one correct, weight 10 each.
    //   value = (2 + 2 + 10) / (2 + 2 + 10 + 10) = 14/24 = 0.583333
    //   n_eff = (Σw)²/Σw² = 24² / (4 + 4 + 100 + 100) = 576/208 = 2.769231
    //   Wilson at n = 2.769231, successes = 0.583333·n = 1.615385, z² = 3.8416:
    //     centre = (1.615385 + 1.9208) / (2.769231 + 3.8416) = 3.536185 / 6.610831 = 0.534908
    //     half   = 1.96/6.610831 · √(2.769231·0.583333·0.416667 + 0.9604)
    //            = 0.296484 · √1.633477 = 0.296484 · 1.278075           = 0.378928
    //   → 0.155980 to 0.913836
    const items = [
      { correct: true, inclusionProbability: 0.5 },
      { correct: true, inclusionProbability: 0.5 },
      { correct: true, inclusionProbability: 0.1 },
      { correct: false, inclusionProbability: 0.1 },
    ];
    const r = weightedProportion(items)!;
    expect(r.value).toBeCloseTo(14 / 24, 12);
    expect(r.effectiveN).toBeCloseTo(576 / 208, 12);
    expect(r.low).toBeCloseTo(0.155980, 5);
    expect(r.high).toBeCloseTo(0.913836, 5);
    expect(r.n).toBe(4);
  });

  it("returns null for no items and rejects probabilities outside (0, 1]", () => {
    expect(weightedProportion([])).toBeNull();
    for (const p of [0, -0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => weightedProportion([{ correct: true, inclusionProbability: p }])).toThrow(RangeError);
    }
    expect(weightedProportion([{ correct: true, inclusionProbability: 1 }])).toMatchObject({ value: 1, n: 1 });
  });

  it("does not overflow with tiny inclusion probabilities", () => {
    const r = weightedProportion([
      { correct: true, inclusionProbability: 1e-300 },
      { correct: false, inclusionProbability: 5e-324 },
      { correct: true, inclusionProbability: 1 },
    ])!;
    expect([r.value, r.low, r.high, r.effectiveN].every(Number.isFinite)).toBe(true);
    // The 5e-324 item dominates: weight ratio 2e23 to the next, so the estimate is ~0.
    expect(r.value).toBeLessThan(1e-20);
    expect(r.effectiveN).toBeCloseTo(1, 12);
  });
});
