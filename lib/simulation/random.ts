import { seededRandom } from "@/lib/stats/seeded-random";

// A seeded pseudo-random generator for simulated traffic. Math.random cannot be replayed; tests,
// the demo history and a re-run simulator need the same rows from the same seed.

/** Folds numbers and strings into one 32-bit seed (FNV-1a, then a murmur3 finaliser to spread it). */
export function mixSeed(...parts: Array<number | string>): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = `${typeof part}:${part};`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A weighted choice: weights need not add up to 1, and a weight of 0 is never picked. */
export type WeightedChoices<T> = ReadonlyArray<readonly [T, number]>;

export class Random {
  /** mulberry32 (lib/stats/seeded-random.ts): fast, and plenty for traffic that must replay. */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Box-Muller. The second value of the pair is dropped so every call costs the same two draws. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // in (0, 1], so the logarithm is finite
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A positive value whose logarithm is normal: message lengths, distances. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  pick<T>(choices: WeightedChoices<T>): T {
    const total = choices.reduce((sum, [, weight]) => sum + Math.max(0, weight), 0);
    if (!(total > 0)) throw new Error("pick needs at least one choice with a positive weight");
    let target = this.next() * total;
    for (const [value, weight] of choices) {
      if (weight <= 0) continue;
      target -= weight;
      if (target < 0) return value;
    }
    // Rounding can leave a sliver past the last positive weight: it belongs to that choice.
    return choices.filter(([, weight]) => weight > 0).at(-1)![0];
  }

  /** A count with the given mean: Knuth's method when small, a rounded normal when large. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }
}

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export const roundTo = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
