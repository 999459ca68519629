import { describe, expect, it } from "vitest";
import { benjaminiHochberg, bonferroni, correct } from "./multiple-testing";

describe("Bonferroni", () => {
  it("rejects p ≤ α/m", () => {
    // m = 4, α/m = 0.0125: only 0.01 and 0.005 pass; adjusted = 4p = 0.04, 0.16, 0.12, 0.02.
    const r = bonferroni([0.01, 0.04, 0.03, 0.005], 0.05);
    expect(r.rejected).toEqual([true, false, false, true]);
    r.adjusted.forEach((q, i) => expect(q).toBeCloseTo([0.04, 0.16, 0.12, 0.02][i]!, 12));
  });

  it("caps adjusted p-values at 1", () => {
    expect(bonferroni([0.5, 0.6], 0.05).adjusted).toEqual([1, 1]);
  });
});

describe("Benjamini–Hochberg", () => {
  it("rejects the k smallest for the largest k with p(k) ≤ kα/m", () => {
    // Sorted: 0.005, 0.01, 0.03, 0.04 against 0.0125, 0.025, 0.0375, 0.05: p(4) = 0.04 ≤ 0.05, all four.
    // q: rank 4 → 0.04; rank 3 → min(0.04, 4·0.03/3 = 0.04); rank 2 → min(0.04, 4·0.01/2 = 0.02); rank 1 → min(0.02, 4·0.005 = 0.02).
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.005], 0.05);
    expect(r.rejected).toEqual([true, true, true, true]);
    r.adjusted.forEach((q, i) => expect(q).toBeCloseTo([0.02, 0.04, 0.04, 0.02][i]!, 12));
  });

  it("steps up: a p-value that fails its own rank is rejected when a larger one passes", () => {
    // m = 3: 0.02 > 1·0.05/3 = 0.0167, but 0.03 ≤ 2·0.05/3 = 0.0333, so both go; Bonferroni (0.0167) keeps both.
    // q: rank 3 → 0.9; rank 2 → 3·0.03/2 = 0.045; rank 1 → min(0.045, 3·0.02 = 0.06) = 0.045.
    const r = benjaminiHochberg([0.02, 0.03, 0.9], 0.05);
    expect(r.rejected).toEqual([true, true, false]);
    r.adjusted.forEach((q, i) => expect(q).toBeCloseTo([0.045, 0.045, 0.9][i]!, 12));
    expect(bonferroni([0.02, 0.03, 0.9], 0.05).rejected).toEqual([false, false, false]);
  });

  it("rejects nothing when even the smallest fails and the rest are large", () => {
    expect(benjaminiHochberg([0.2, 0.5, 0.04], 0.05).rejected).toEqual([false, false, false]);
  });
});

describe("correct", () => {
  it("refuses impossible input", () => {
    expect(() => correct("bonferroni", [1.2], 0.05)).toThrow(RangeError);
    expect(() => correct("benjamini-hochberg", [0.1], 0)).toThrow(RangeError);
  });

  it("handles an empty family", () => {
    expect(correct("benjamini-hochberg", [], 0.05)).toEqual({ adjusted: [], rejected: [] });
  });
});
