import { describe, expect, it } from "vitest";
import { averageRunLength, bernoulliIncrements, bernoulliLogLikelihoodRatio, chiSquareIncrements, cusumStep, thresholdForRunLength } from "./cusum";
import { seededRandom } from "./seeded-random";

const binomial = (random: () => number, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
};

/** Hours until S ≥ h, simulated: the mean over `runs` seeded runs. */
function simulatedRunLength(runs: number, h: number, increment: () => number): number {
  let total = 0;
  for (let r = 0; r < runs; r++) {
    let s = 0;
    let t = 0;
    do {
      s = cusumStep(s, increment());
      t++;
    } while (s < h);
    total += t;
  }
  return total / runs;
}

describe("CUSUM by hand", () => {
  it("steps and never goes below zero", () => {
    expect(cusumStep(0, -3)).toBe(0);
    expect(cusumStep(1.5, 2)).toBe(3.5);
    expect(cusumStep(1.5, -1)).toBe(0.5);
  });

  it("weighs an hour of 90 right of 100 between 90% and 85%", () => {
    // 90·ln(0.85/0.9) + 10·ln(0.15/0.1) = 90·(−0.0571584) + 10·0.4054651 = −5.144257 + 4.054651
    expect(bernoulliLogLikelihoodRatio(90, 100, 0.9, 0.85)).toBeCloseTo(-1.089606, 5);
    // 80 of 100: 80·(−0.0571584) + 20·0.4054651 = −4.572673 + 8.109302 = 3.536629
    expect(bernoulliLogLikelihoodRatio(80, 100, 0.9, 0.85)).toBeCloseTo(3.536629, 5);
    expect(() => bernoulliLogLikelihoodRatio(5, 4, 0.9, 0.85)).toThrow(RangeError);
    expect(() => bernoulliLogLikelihoodRatio(1, 4, 1, 0.85)).toThrow(RangeError);
  });

  it("gives the run lengths of chains solved by hand", () => {
    // ±1 with equal odds, h = 2 on the grid {0, 1}: L0 = 1 + ½L0 + ½L1, L1 = 1 + ½L0 → L0 = 6.
    expect(averageRunLength([{ value: 1, probability: 0.5 }, { value: -1, probability: 0.5 }], 2, 2)).toBeCloseTo(6, 10);
    // +1 always, h = 3: three steps.
    expect(averageRunLength([{ value: 1, probability: 1 }], 3, 3)).toBeCloseTo(3, 10);
    // +1 with probability 0.2 else 0, h = 1: geometric, 1/0.2 = 5.
    expect(averageRunLength([{ value: 1, probability: 0.2 }, { value: 0, probability: 0.8 }], 1, 1)).toBeCloseTo(5, 10);
    // +2 w.p. ⅓, −1 w.p. ⅔, h = 3, grid {0,1,2}: L0 = 1 + ⅓L2 + ⅔L0, L1 = 1 + ⅔L0, L2 = 1 + ⅔L1
    //   → L2 = 5/3 + 4/9·L0, L0 = 3 + L2 = 14/3 + 4/9·L0 → L0 = (14/3)·(9/5) = 8.4
    expect(averageRunLength([{ value: 2, probability: 1 / 3 }, { value: -1, probability: 2 / 3 }], 3, 3)).toBeCloseTo(8.4, 10);
    expect(averageRunLength([{ value: -1, probability: 1 }], 3)).toBe(Infinity);
  });

  it("puts the binomial's whole mass on the hour's likelihood ratios", () => {
    const increments = bernoulliIncrements(100, 0.9, 0.9, 0.85);
    expect(increments.reduce((s, i) => s + i.probability, 0)).toBeCloseTo(1, 12);
    // The mean is −n·KL(0.9‖0.85) = −100·(0.9·ln(0.9/0.85) + 0.1·ln(0.1/0.15)) = −100·(0.0514426 − 0.0405465) = −1.089606.
    expect(increments.reduce((s, i) => s + i.value * i.probability, 0)).toBeCloseTo(-1.089606, 5);
  });
});

describe("CUSUM's stated false-alarm rate against seeded simulation", () => {
  it.each([
    { trials: 100, target: 200 },
    { trials: 1000, target: 100 },
  ])("rate 90% watched for a drop to 85% at $trials draws an hour, one false alarm in $target hours", ({ trials, target }) => {
    const h = thresholdForRunLength(bernoulliIncrements(trials, 0.9, 0.9, 0.85), target);
    const stated = averageRunLength(bernoulliIncrements(trials, 0.9, 0.9, 0.85), h);
    expect(stated).toBeGreaterThanOrEqual(target);
    // The run length moves in steps as h passes the hour's discrete outcomes: near, not at, the target.
    expect(stated).toBeLessThan(target * 1.5);
    const random = seededRandom(trials);
    const hour = (p: number) => bernoulliLogLikelihoodRatio(binomial(random, trials, p), trials, 0.9, 0.85);
    const measured = simulatedRunLength(400, h, () => hour(0.9));
    expect(measured / stated).toBeGreaterThan(1 / 1.5);
    expect(measured / stated).toBeLessThan(1.5);
    // The detection delay after a drop to 85% is stated the same way.
    const delay = averageRunLength(bernoulliIncrements(trials, 0.85, 0.9, 0.85), h);
    const measuredDelay = simulatedRunLength(400, h, () => hour(0.85));
    expect(measuredDelay / delay).toBeGreaterThan(1 / 1.5);
    expect(measuredDelay / delay).toBeLessThan(1.5);
  });

  it("states the drift CUSUM's run length too (hourly chi-square, 4 degrees of freedom)", () => {
    const df = 4;
    const h = thresholdForRunLength(chiSquareIncrements(df, 4), 150);
    const stated = averageRunLength(chiSquareIncrements(df, 4), h);
    const random = seededRandom(7);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const chiSquare = () => Array.from({ length: df }, () => normal() ** 2).reduce((a, b) => a + b, 0);
    const measured = simulatedRunLength(400, h, () => chiSquare() - df - 4);
    expect(measured / stated).toBeGreaterThan(1 / 1.5);
    expect(measured / stated).toBeLessThan(1.5);
  });
});
