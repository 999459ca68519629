import { describe, expect, it } from "vitest";
import { byMinimum, SAMPLED_LINE_MIN_N } from "./thin-points";

describe("a sampled figure's place on its chart", () => {
  it("joins the line from the minimum n and is a hollow point below it", () => {
    expect(byMinimum(0, 1, SAMPLED_LINE_MIN_N)).toEqual({ solid: null, thin: 0 });
    expect(byMinimum(0.5, SAMPLED_LINE_MIN_N - 1, SAMPLED_LINE_MIN_N)).toEqual({ solid: null, thin: 0.5 });
    expect(byMinimum(0.9, SAMPLED_LINE_MIN_N, SAMPLED_LINE_MIN_N)).toEqual({ solid: 0.9, thin: null });
    expect(byMinimum(null, 0, SAMPLED_LINE_MIN_N)).toEqual({ solid: null, thin: null });
    expect(byMinimum(undefined, 50, SAMPLED_LINE_MIN_N)).toEqual({ solid: null, thin: null });
  });
});
