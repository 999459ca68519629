import { describe, expect, it } from "vitest";
import { labelsNeededForDrop } from "./power";

describe("labelsNeededForDrop", () => {
  it("needs 540 labels a window to see 90% fall to 85% (one-sided α = 0.05, power 0.8)", () => {
    // By hand: p1 = 0.90, p2 = 0.85, p̄ = 0.875, z_0.95 = 1.644854, z_0.80 = 0.841621.
    //   z_α·√(2·0.875·0.125)       = 1.644854 · √0.21875 = 1.644854 · 0.467707 = 0.769310
    //   z_β·√(0.9·0.1 + 0.85·0.15) = 0.841621 · √0.2175  = 0.841621 · 0.466369 = 0.392506
    //   n = (0.769310 + 0.392506)² / 0.05² = 1.161816² / 0.0025 = 1.349816 / 0.0025 = 539.93 → 540
    expect(labelsNeededForDrop({ baselineAccuracy: 0.9, drop: 0.05 })).toBe(540);
  });

  it("needs 686 at one-sided α = 0.025, the usual two-sided 5% design", () => {
    // Same with z_0.975 = 1.959964: 1.959964 · 0.467707 = 0.916689;
    //   (0.916689 + 0.392506)² / 0.0025 = 1.309195² / 0.0025 = 1.713992 / 0.0025 = 685.60 → 686,
    // i.e. Fleiss's uncorrected formula at the conventional two-sided 5%, 80% power.
    expect(labelsNeededForDrop({ baselineAccuracy: 0.9, drop: 0.05, alpha: 0.025 })).toBe(686);
  });

  it("matches further hand computations", () => {
    // p1 = 0.95, p2 = 0.85, p̄ = 0.9: (1.644854·√0.18 + 0.841621·√(0.0475 + 0.1275))²/0.01
    //   = (0.697852 + 0.352075)² / 0.01 = 1.049927² / 0.01 = 110.23 → 111
    expect(labelsNeededForDrop({ baselineAccuracy: 0.95, drop: 0.1 })).toBe(111);
    // p1 = 0.8, p2 = 0.7, α = 0.01, power 0.9, p̄ = 0.75: z = 2.326348 and 1.281552;
    //   (2.326348·√0.375 + 1.281552·√0.37)²/0.01 = (1.424591 + 0.779537)²/0.01 = 2.204128²/0.01 = 485.82 → 486
    expect(labelsNeededForDrop({ baselineAccuracy: 0.8, drop: 0.1, alpha: 0.01, power: 0.9 })).toBe(486);
  });

  it("grows like 1/drop² and stays finite for a tiny drop", () => {
    const small = labelsNeededForDrop({ baselineAccuracy: 0.9, drop: 0.001 });
    expect(small).toBeGreaterThan(1_000_000);
    expect(Number.isSafeInteger(small)).toBe(true);
    // 1 − 1e-17 rounds to 1: a drop too small to represent.
    expect(labelsNeededForDrop({ baselineAccuracy: 1, drop: 1e-17 })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("handles the extremes of the accuracy scale", () => {
    // p1 = 1, p2 = 0: only the first term: (1.644854·√0.5)²/1 = 1.352772 → 2.
    expect(labelsNeededForDrop({ baselineAccuracy: 1, drop: 1 })).toBe(2);
    expect(labelsNeededForDrop({ baselineAccuracy: 0.9, drop: 0.05, alpha: 0.5, power: 0.5 })).toBe(1);
  });

  it("rejects impossible inputs", () => {
    expect(() => labelsNeededForDrop({ baselineAccuracy: 0, drop: 0.1 })).toThrow(RangeError);
    expect(() => labelsNeededForDrop({ baselineAccuracy: 0.9, drop: 0 })).toThrow(RangeError);
    expect(() => labelsNeededForDrop({ baselineAccuracy: 0.5, drop: 0.6 })).toThrow(RangeError);
    expect(() => labelsNeededForDrop({ baselineAccuracy: 0.9, drop: 0.1, alpha: 1 })).toThrow(RangeError);
    expect(() => labelsNeededForDrop({ baselineAccuracy: 0.9, drop: 0.1, power: 0 })).toThrow(RangeError);
  });
});
