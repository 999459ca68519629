import { describe, expect, it } from "vitest";
import { sampledAccuracyByBucket, sampledAccuracyOf } from "./sampled-accuracy";

describe("sampled accuracy from grouped labels", () => {
  it("is the plain share when every label had the same chance", () => {
    // 3 right of 4 at π = 0.05: 0.75, n 4, n_eff 4.
    expect(sampledAccuracyOf([{ inclusionProbability: 0.05, n: 4, correct: 3 }])).toMatchObject({ value: 0.75, n: 4, effectiveN: 4 });
  });

  it("weights groups by 1/π, per bucket and over all (worked by hand)", () => {
    // Bucket 0: 1 of 2 right at π 0.1 (weight 10). Bucket 1: 3 of 3 right at π 0.5 (weight 2).
    //   bucket 0: 0.5; bucket 1: 1; all: (10 + 6) / (20 + 6) = 16/26 = 0.615385,
    //   n_eff = 26² / (2·100 + 3·4) = 676/212 = 3.188679
    const { byBucket, total } = sampledAccuracyByBucket([
      { bucketStart: 0, inclusionProbability: 0.1, n: 2, correct: 1 },
      { bucketStart: 3600_000, inclusionProbability: 0.5, n: 3, correct: 3 },
    ]);
    expect(byBucket.get(0)).toMatchObject({ value: 0.5, n: 2 });
    expect(byBucket.get(3600_000)).toMatchObject({ value: 1, n: 3 });
    expect(total!.value).toBeCloseTo(16 / 26, 12);
    expect(total!.effectiveN).toBeCloseTo(676 / 212, 12);
    expect(total!.n).toBe(5);
  });

  it("is null without labels", () => {
    expect(sampledAccuracyOf([])).toBeNull();
    expect(sampledAccuracyByBucket([]).total).toBeNull();
  });
});
