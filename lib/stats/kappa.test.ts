import { describe, expect, it } from "vitest";
import { cohensKappa } from "./kappa";

const repeat = (pair: [string, string], times: number): [string, string][] => Array.from({ length: times }, () => pair);

describe("cohensKappa", () => {
  it("gives 0.4 on Wikipedia's 2×2 example", () => {
    // Wikipedia, "Cohen's kappa", simple example: 50 items; both yes 20, A yes/B no 5,
    // A no/B yes 10, both no 15.
    //   p_o = (20 + 15)/50 = 0.7; A says yes 25/50 = 0.5, B says yes 30/50 = 0.6
    //   p_e = 0.5·0.6 + 0.5·0.4 = 0.5;  κ = (0.7 − 0.5)/(1 − 0.5) = 0.4
    const pairs = [...repeat(["yes", "yes"], 20), ...repeat(["yes", "no"], 5), ...repeat(["no", "yes"], 10), ...repeat(["no", "no"], 15)];
    const r = cohensKappa(pairs)!;
    expect(r.observedAgreement).toBeCloseTo(0.7, 15);
    expect(r.expectedAgreement).toBeCloseTo(0.5, 15);
    expect(r.kappa).toBeCloseTo(0.4, 14);
    expect(r.n).toBe(50);
  });

  it("is 1 for perfect agreement and −1 for systematic disagreement on a balanced table", () => {
    expect(cohensKappa([["a", "a"], ["b", "b"], ["c", "c"]])!.kappa).toBeCloseTo(1, 15);
    // 5 yes/no and 5 no/yes: p_o = 0, p_e = 0.5·0.5 + 0.5·0.5 = 0.5, κ = −0.5/0.5 = −1.
    expect(cohensKappa([...repeat(["yes", "no"], 5), ...repeat(["no", "yes"], 5)])!.kappa).toBeCloseTo(-1, 15);
  });

  it("handles three categories and labels one rater never used (worked by hand)", () => {
    // Pairs: (a,a)×2, (b,b), (a,b), (c,a). n = 5, p_o = 3/5 = 0.6.
    // A: a 3, b 1, c 1; B: a 3, b 2, c 0. p_e = (3·3 + 1·2 + 1·0)/25 = 11/25 = 0.44.
    // κ = (0.6 − 0.44)/(1 − 0.44) = 0.16/0.56 = 0.285714.
    const r = cohensKappa([["a", "a"], ["a", "a"], ["b", "b"], ["a", "b"], ["c", "a"]])!;
    expect(r.expectedAgreement).toBeCloseTo(0.44, 15);
    expect(r.kappa).toBeCloseTo(2 / 7, 14);
  });

  it("reports κ = 1 when both raters used one label throughout (p_e = 1)", () => {
    expect(cohensKappa(repeat(["spam", "spam"], 4))).toEqual({ kappa: 1, observedAgreement: 1, expectedAgreement: 1, n: 4 });
    expect(cohensKappa([["x", "x"]])).toEqual({ kappa: 1, observedAgreement: 1, expectedAgreement: 1, n: 1 });
  });

  it("is null with no items", () => {
    expect(cohensKappa([])).toBeNull();
  });
});
