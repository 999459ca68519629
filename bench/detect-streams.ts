import { regularizedGammaP as gammaP } from "@/lib/stats/gamma";
import { seededRandom } from "@/lib/stats/seeded-random";

// The streams bench:detect replays: hourly counts of a binary model's ground-truth accuracy, with
// a daily cycle of volume (busiest in the afternoon UTC, a third of the peak at night).

const HOUR_MS = 3600_000;
export const BASELINE = 0.9;
export const DROP = 0.05;

export type StreamKind = "stationary" | "abrupt" | "slow" | "segment";
export type Stream = { kind: StreamKind; perHour: number; seed: number };
export type StreamHour = { start: Date; volume: number; correct: number };

/** The accuracy at `hour` hours after the onset (negative: before it). */
function accuracyAt(kind: StreamKind, sinceOnset: number): number {
  if (kind === "stationary" || sinceOnset < 0) return BASELINE;
  // slow: a drift of the whole drop over three days.
  if (kind === "slow") return BASELINE - DROP * Math.min(1, sinceOnset / 72);
  return BASELINE - DROP;
}

/** Binomial draws: exact below 1,000 trials, the normal approximation above (np(1−p) ≥ 45 there). */
function binomial(random: () => number, n: number, p: number): number {
  if (n < 1000) {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k++;
    return k;
  }
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(n, Math.max(0, Math.round(n * p + z * Math.sqrt(n * p * (1 - p)))));
}

/**
 * `hours` hours from `first`. The onset (decaying kinds) falls `onsetHour` hours in. A segment
 * shift is a fifth of the traffic losing 25 points: 5 points overall, drawn per segment.
 */
export function generateStream(stream: Stream, first: Date, hours: number, onsetHour: number): StreamHour[] {
  const random = seededRandom(stream.seed);
  return Array.from({ length: hours }, (_, h) => {
    const start = new Date(first.getTime() + h * HOUR_MS);
    const daily = 1 + 0.5 * Math.sin((2 * Math.PI * (start.getUTCHours() - 9)) / 24);
    const volume = Math.max(1, Math.round(stream.perHour * daily));
    const since = h - onsetHour;
    if (stream.kind === "segment" && since >= 0) {
      const segment = binomial(random, volume, 0.2);
      return { start, volume, correct: binomial(random, segment, BASELINE - 5 * DROP) + binomial(random, volume - segment, BASELINE) };
    }
    return { start, volume, correct: binomial(random, volume, accuracyAt(stream.kind, since)) };
  });
}

/** Student's t at 97.5% for 1-9 degrees of freedom (then 2.0 is near enough to the normal's 1.96). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262];

/** Mean and a 95% interval (Student's t, over repetitions); the interval is null with fewer than two. */
export function summarize(values: number[]): { mean: number | null; low: number | null; high: number | null; n: number } {
  const n = values.length;
  if (!n) return { mean: null, low: null, high: null, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, low: null, high: null, n };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = ((T975[n - 2] ?? 2.0) * sd) / Math.sqrt(n);
  return { mean, low: mean - half, high: mean + half, n };
}

/** An exact (Garwood) 95% interval for a Poisson count, as a rate per `exposure`. */
export function poissonRate(count: number, exposure: number): { rate: number; low: number; high: number } {
  // Quantiles of the chi-square by bisection on its CDF.
  const chiSquareQuantile = (q: number, df: number) => {
    let [lo, hi] = [0, df + 20 * Math.sqrt(2 * df) + 50];
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (gammaP(df / 2, mid / 2) < q) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const low = count === 0 ? 0 : chiSquareQuantile(0.025, 2 * count) / 2;
  const high = chiSquareQuantile(0.975, 2 * count + 2) / 2;
  return { rate: count / exposure, low: low / exposure, high: high / exposure };
}
