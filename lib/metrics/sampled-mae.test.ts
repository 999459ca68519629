import { describe, expect, it } from "vitest";
import { sampledMaeByBucket } from "./sampled-mae";

describe("sampled MAE from labelled values", () => {
  it("takes |annotator's value − model's value|, weighted by 1/π, per bucket and over all (worked by hand)", () => {
    // Bucket 0: errors 2 and 4 at π 0.5 (weight 2). Bucket 1: error 10 at π 0.1 (weight 10).
    //   bucket 0: 3; bucket 1: 10 (one label: no interval); all: (4 + 8 + 100)/14 = 8
    const { byBucket, total } = sampledMaeByBucket([
      { bucketStart: 0, inclusionProbability: 0.5, labelled: 32, predicted: 30 },
      { bucketStart: 0, inclusionProbability: 0.5, labelled: 26, predicted: 30 },
      { bucketStart: 3600_000, inclusionProbability: 0.1, labelled: 1000, predicted: 1010 },
    ]);
    expect(byBucket.get(0)).toMatchObject({ value: 3, n: 2 });
    expect(byBucket.get(3600_000)).toEqual({ value: 10, low: null, high: null, n: 1, effectiveN: 1 });
    expect(total!.value).toBeCloseTo(8, 12);
    expect(total!.n).toBe(3);
  });

  it("is null without labels, and counts an error past the largest double as the largest double", () => {
    expect(sampledMaeByBucket([]).total).toBeNull();
    const { total } = sampledMaeByBucket([
      { bucketStart: 0, inclusionProbability: 1, labelled: 1e308, predicted: -1e308 },
      { bucketStart: 0, inclusionProbability: 1, labelled: 0, predicted: 0 },
    ]);
    expect(total!.value).toBeCloseTo(Number.MAX_VALUE / 2, -300);
    expect(Number.isFinite(total!.high)).toBe(true);
  });
});
