import { describe, expect, it } from "vitest";
import { rateFor, samplingDecision, samplingDraw, scoreBand, strataFor, stratumOf } from "./sampling";

const MODEL = "6f1c2a8e-7a44-4c61-9a1e-0d2b3c4d5e6f";

describe("samplingDraw", () => {
  it("is a number in [0, 1) fixed by the model and the caller's id", () => {
    const draw = samplingDraw(MODEL, "req-81723");
    expect(draw).toBeGreaterThanOrEqual(0);
    expect(draw).toBeLessThan(1);
    expect(samplingDraw(MODEL, "req-81723")).toBe(draw);
    expect(samplingDraw(MODEL, "req-81724")).not.toBe(draw);
    expect(samplingDraw("00000000-0000-4000-8000-000000000000", "req-81723")).not.toBe(draw);
  });

  it("is the first 52 bits of md5(model id:prediction id)", () => {
    // md5("m:p") = 12e3e9630375f8f62a00cae206829d48
    expect(samplingDraw("m", "p")).toBe(parseInt("12e3e9630375f", 16) / 2 ** 52);
  });

  it("spreads sequential ids evenly", () => {
    const draws = Array.from({ length: 50_000 }, (_, i) => samplingDraw(MODEL, `req-${i}`));
    const deciles = Array.from({ length: 10 }, (_, d) => draws.filter((x) => x >= d / 10 && x < (d + 1) / 10).length / draws.length);
    for (const share of deciles) expect(Math.abs(share - 0.1)).toBeLessThan(0.006);
  });
});

describe("stratumOf", () => {
  it("puts every prediction in one stratum when the policy has none", () => {
    expect(stratumOf("none", { label: "spam", score: 0.9 })).toBe("all");
  });

  it("uses the predicted class, or unknown without one", () => {
    expect(stratumOf("predicted_class", { label: "spam", score: 0.9 })).toBe("spam");
    expect(stratumOf("predicted_class", { score: 0.9 })).toBe("unknown");
  });

  it("cuts binary scores in five bands of 0.2, with 1 in the last", () => {
    expect([0, 0.19999, 0.2, 0.39, 0.4, 0.6, 0.79999, 0.8, 1].map(scoreBand)).toEqual([
      "0.0-0.2",
      "0.0-0.2",
      "0.2-0.4",
      "0.2-0.4",
      "0.4-0.6",
      "0.6-0.8",
      "0.6-0.8",
      "0.8-1.0",
      "0.8-1.0",
    ]);
    expect(stratumOf("score_band", { label: "spam", score: 0.61 })).toBe("0.6-0.8");
    expect(stratumOf("score_band", { label: "spam", score: null })).toBe("unknown");
  });
});

describe("the sampling decision", () => {
  const policy = { rate: 0.05, stratifyBy: "predicted_class" as const, stratumRates: { spam: 0.5 } };

  it("takes the stratum's own rate, or the base rate", () => {
    expect(rateFor(policy, "spam")).toBe(0.5);
    expect(rateFor(policy, "ham")).toBe(0.05);
  });

  it("samples when the draw is below the stratum's rate, and records that rate", () => {
    const id = Array.from({ length: 1000 }, (_, i) => `x-${i}`).find((x) => {
      const d = samplingDraw(MODEL, x);
      return d >= 0.05 && d < 0.5;
    })!;
    expect(samplingDecision(policy, MODEL, id, { label: "spam" })).toMatchObject({ sampled: true, stratum: "spam", inclusionProbability: 0.5 });
    expect(samplingDecision(policy, MODEL, id, { label: "ham" })).toMatchObject({ sampled: false, stratum: "ham", inclusionProbability: 0.05 });
    expect(samplingDecision({ ...policy, rate: 0, stratumRates: {} }, MODEL, id, { label: "ham" }).sampled).toBe(false);
    expect(samplingDecision({ ...policy, rate: 1, stratumRates: {} }, MODEL, id, { label: "ham" }).sampled).toBe(true);
  });

  it("samples about the rate's share of many predictions", () => {
    const sampled = Array.from({ length: 40_000 }, (_, i) => samplingDecision({ rate: 0.05, stratifyBy: "none", stratumRates: {} }, MODEL, `r-${i}`, {})).filter((d) => d.sampled).length;
    expect(Math.abs(sampled / 40_000 - 0.05)).toBeLessThan(0.005);
  });
});

describe("strataFor", () => {
  it("lists the classes, the score bands, or nothing", () => {
    const model = { task: "binary", classes: ["ham", "spam"] };
    expect(strataFor("predicted_class", model)).toEqual(["ham", "spam"]);
    expect(strataFor("score_band", model)).toHaveLength(5);
    expect(strataFor("none", model)).toEqual([]);
  });
});
