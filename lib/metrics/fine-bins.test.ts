import { describe, expect, it } from "vitest";
import { alignFineBins, fineBinIndex, fineBinRange } from "./fine-bins";

describe("fine bins", () => {
  it("puts every value inside its bin's range", () => {
    for (const x of [0.001, 0.5, 1, 3.7, 812, 1e6, -0.02, -42, -1e9]) {
      const [lo, hi] = fineBinRange(fineBinIndex(x));
      expect(x >= lo && x <= hi).toBe(true);
      if (x > 0) expect(hi - lo).toBeLessThanOrEqual(0.02 * (1 + hi) + 1e-12);
    }
  });

  it("keeps zero and non-finite values in bin 0 and orders bins by value", () => {
    expect(fineBinIndex(0)).toBe(0);
    expect(fineBinIndex(Number.NaN)).toBe(0);
    expect(fineBinIndex(-5)).toBeLessThan(fineBinIndex(-1));
    expect(fineBinIndex(1)).toBeLessThan(fineBinIndex(5));
    // log1p(1) / log(1.02) = 35.0028…, so 1 lands in bin 36.
    expect(fineBinIndex(1)).toBe(36);
  });

  it("aligns two sparse histograms", () => {
    expect(alignFineBins({ "3": 2, "-1": 1 }, { "3": 5, "7": 1 })).toEqual({ indices: [-1, 3, 7], a: [1, 2, 0], b: [0, 5, 1] });
  });
});
