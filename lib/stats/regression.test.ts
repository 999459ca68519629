import { describe, expect, it } from "vitest";
import { evenEdges, histogram, regressionErrors } from "./regression";

describe("regressionErrors", () => {
  it("matches a hand-worked example, residual = actual − predicted", () => {
    // Residuals 2 − 1 = 1, 1 − 2 = −1, 5 − 3 = 2.
    //   MAE = (1 + 1 + 2)/3 = 4/3; RMSE = √((1 + 1 + 4)/3) = √2; mean residual = 2/3.
    const r = regressionErrors([
      { predicted: 1, actual: 2 },
      { predicted: 2, actual: 1 },
      { predicted: 3, actual: 5 },
    ])!;
    expect(r.mae).toBeCloseTo(4 / 3, 14);
    expect(r.rmse).toBeCloseTo(Math.SQRT2, 14);
    expect(r.meanResidual).toBeCloseTo(2 / 3, 14);
    expect(r.n).toBe(3);
  });

  it("is all zeros for perfect predictions and for a single exact pair", () => {
    expect(regressionErrors([{ predicted: 4, actual: 4 }])).toEqual({ mae: 0, rmse: 0, meanResidual: 0, n: 1 });
  });

  it("is null with no usable pairs and skips non-finite ones", () => {
    expect(regressionErrors([])).toBeNull();
    expect(regressionErrors([{ predicted: Number.NaN, actual: 1 }])).toBeNull();
    expect(regressionErrors([{ predicted: 0, actual: 3 }, { predicted: Number.POSITIVE_INFINITY, actual: 1 }])).toEqual({
      mae: 3,
      rmse: 3,
      meanResidual: 3,
      n: 1,
    });
  });

  it("does not overflow on huge residuals", () => {
    const r = regressionErrors([
      { predicted: -1e200, actual: 1e200 },
      { predicted: 1e200, actual: -1e200 },
    ])!;
    expect(r.mae / 2e200).toBeCloseTo(1, 12);
    expect(r.rmse / 2e200).toBeCloseTo(1, 12);
    expect(r.meanResidual).toBe(0);
  });
});

describe("histogram", () => {
  it("counts [e_i, e_{i+1}) and sends out-of-range values to the outer bins", () => {
    // Bins [0,1), [1,2), [2,3]: −5, 0, 0.5 → first; 1 → second; 2.999, 3 (the last edge) and
    // 10 → last. NaN is skipped.
    expect(histogram([-5, 0, 0.5, 1, 2.999, 3, 10, Number.NaN], [0, 1, 2, 3])).toEqual([3, 1, 3]);
  });

  it("handles one bin, no values, and bad edges", () => {
    expect(histogram([-1, 0, 9], [0, 1])).toEqual([3]);
    expect(histogram([], [0, 1, 2])).toEqual([0, 0]);
    expect(() => histogram([1], [0])).toThrow(RangeError);
    expect(() => histogram([1], [0, 0, 1])).toThrow(RangeError);
  });
});

describe("evenEdges", () => {
  it("splits [min, max] into equal bins ending exactly at max", () => {
    expect(evenEdges(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(evenEdges(-3, 3, 3)).toEqual([-3, -1, 1, 3]);
    const wide = evenEdges(-Number.MAX_VALUE, Number.MAX_VALUE, 2);
    expect(wide).toEqual([-Number.MAX_VALUE, 0, Number.MAX_VALUE]);
  });

  it("rejects an empty range or a bad bin count", () => {
    expect(() => evenEdges(1, 1, 3)).toThrow(RangeError);
    expect(() => evenEdges(0, 1, 0)).toThrow(RangeError);
    expect(() => evenEdges(0, 1, 2.5)).toThrow(RangeError);
    expect(() => evenEdges(0, Number.POSITIVE_INFINITY, 2)).toThrow(RangeError);
  });
});
