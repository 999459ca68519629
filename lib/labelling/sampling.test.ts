import { describe, expect, it } from "vitest";
import { Random } from "@/lib/simulation/random";
import { keepUnderCap, rateFor, samplingDecision, samplingDraw, scoreBand, strataFor, stratumOf } from "./sampling";

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

describe("keepUnderCap", () => {
  const c = (id: string, draw: number, inclusionProbability: number) => ({ id, draw, inclusionProbability });

  it("keeps every candidate at its rate without a cap or when the places suffice", () => {
    const batch = [c("a", 0.3, 0.5), c("b", 0.01, 0.1)];
    expect(keepUnderCap(batch, null)).toEqual(batch);
    expect(keepUnderCap(batch, 2)).toEqual(batch);
  });

  it("keeps the lowest draws, each at min(rate, the lowest draw turned away)", () => {
    // Spam at 0.5, ham at 0.1; two places; the cut is the third-lowest draw, 0.08.
    const batch = [c("s1", 0.4, 0.5), c("h1", 0.09, 0.1), c("s2", 0.02, 0.5), c("h2", 0.05, 0.1), c("s3", 0.08, 0.5)];
    expect(keepUnderCap(batch, 2)).toEqual([c("s2", 0.02, 0.08), c("h2", 0.05, 0.08)]);
    // Three places: the cut is 0.09, below both rates.
    expect(keepUnderCap(batch, 3)).toEqual([c("s2", 0.02, 0.09), c("h2", 0.05, 0.09), c("s3", 0.08, 0.09)]);
    // Four places: the cut is 0.4, above ham's rate, so ham keeps 0.1.
    expect(keepUnderCap(batch, 4)).toEqual([c("s2", 0.02, 0.4), c("h2", 0.05, 0.1), c("s3", 0.08, 0.4), c("h1", 0.09, 0.1)]);
    expect(keepUnderCap(batch, 0)).toEqual([]);
  });

  it("weights a day the cap cut without bias, where the plain rate does not (seeded simulation)", () => {
    // A day of three batches under a cap of 40: 60 predictions, then 200, then 100, in two strata
    // (rates 0.6 and 0.2) whose values differ. The first batch can never fill the cap, so every
    // prediction of the second has a chance; the third comes after the cap has filled (or
    // nearly), so the day's total is estimated over the first two, the predictions that had one.
    const random = new Random(11);
    const batches = [60, 200].map((size, b) =>
      Array.from({ length: size }, (_, i) => {
        const common = (i + b) % 3 !== 0;
        return { rate: common ? 0.2 : 0.6, y: common ? 1 + (i % 5) : 20 + (i % 7) };
      }),
    );
    const truth = batches.flat().reduce((sum, p) => sum + p.y, 0);
    const runs = 8_000;
    let trueSum = 0;
    let rateSum = 0;
    let trueSquares = 0;
    for (let run = 0; run < runs; run++) {
      let places = 40;
      let byTrue = 0;
      let byRate = 0;
      for (const batch of batches) {
        const candidates = batch.flatMap((p) => {
          const draw = random.next();
          return draw < p.rate ? [{ draw, inclusionProbability: p.rate, rate: p.rate, y: p.y }] : [];
        });
        const kept = keepUnderCap(candidates, places);
        places -= kept.length;
        for (const k of kept) {
          byTrue += k.y / k.inclusionProbability;
          byRate += k.y / k.rate;
        }
      }
      trueSum += byTrue;
      trueSquares += byTrue * byTrue;
      rateSum += byRate;
    }
    const mean = trueSum / runs;
    const standardError = Math.sqrt((trueSquares / runs - mean * mean) / runs);
    expect(Math.abs(mean - truth)).toBeLessThan(4 * standardError);
    // The rate alone counts a capped batch as if nothing had been cut: far too low.
    expect(truth - rateSum / runs).toBeGreaterThan(50 * standardError);
  });
});
