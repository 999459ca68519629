import { encode, HASH_DIMENSIONS, numericStats, standardised, type Encoded, type Example, type NumericStat } from "./features";
import { runEpochs, type EpochReport, type TrainOptions } from "./sgd";

/**
 * Softmax (multinomial logistic) regression on the same inputs as the binary trainer: hashed
 * tokens plus standardised numeric features, one weight per class for each, trained by SGD on
 * the cross-entropy. The artifact is plain JSON (weights sparse), stored with its version row.
 */
export type SoftmaxArtifact = {
  kind: "softmax-hashed";
  dimensions: number;
  classes: string[];
  bias: number[];
  /** bucket → one weight per class, only the buckets that ever moved. */
  weights: Record<string, number[]>;
  numeric: (NumericStat & { weights: number[] })[];
};

export type ClassExample = Example & { label: string };

/** The parameters while training: dense, class-minor (weight of bucket b for class c at b·k + c). */
export type SoftmaxParameters = { k: number; bias: Float64Array; weights: Float64Array; numeric: Float64Array; stats: NumericStat[] };

export function emptyParameters(k: number, stats: NumericStat[]): SoftmaxParameters {
  return { k, bias: new Float64Array(k), weights: new Float64Array(HASH_DIMENSIONS * k), numeric: new Float64Array(stats.length * k), stats };
}

export function logits(p: SoftmaxParameters, x: Encoded): number[] {
  const z = Array.from(p.bias);
  for (let i = 0; i < x.indexes.length; i++) {
    const base = x.indexes[i]! * p.k;
    for (let c = 0; c < p.k; c++) z[c]! += p.weights[base + c]! * x.values[i]!;
  }
  p.stats.forEach((s, j) => {
    const v = standardised(x, s);
    for (let c = 0; c < p.k; c++) z[c]! += p.numeric[j * p.k + c]! * v;
  });
  return z;
}

/** Probabilities from logits, shifted by the largest so exp never overflows. */
export function softmax(z: number[]): number[] {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Cross-entropy of one example whose class is index `y`. */
export function exampleLoss(p: SoftmaxParameters, x: Encoded, y: number): number {
  return -Math.log(Math.max(softmax(logits(p, x))[y]!, 1e-300));
}

/**
 * The loss's gradient by the logits, p − onehot(y): the gradient by a weight is this times the
 * weight's input (the bucket's value, the standardised numeric value, 1 for the bias).
 */
export function logitGradient(p: SoftmaxParameters, x: Encoded, y: number): number[] {
  return softmax(logits(p, x)).map((q, c) => q - (c === y ? 1 : 0));
}

/**
 * Trains on `examples` over `classes` (labels outside them are skipped), calling `onEpoch` after
 * each pass (see runEpochs).
 */
export async function trainSoftmax(
  examples: ClassExample[],
  classes: string[],
  options: TrainOptions,
  onEpoch: (report: EpochReport) => Promise<void> | void = () => {},
): Promise<SoftmaxArtifact> {
  const index = new Map(classes.map((c, i) => [c, i]));
  const encoded = examples.filter((e) => index.has(e.label)).map((e) => ({ x: encode(e), y: index.get(e.label)! }));
  const p = emptyParameters(classes.length, numericStats(encoded.map((e) => e.x)));
  const k = p.k;
  const l2 = options.l2 ?? 1e-6;
  await runEpochs(encoded.length, options, onEpoch, (at, step) => {
    const { x, y } = encoded[at]!;
    const q = softmax(logits(p, x));
    const g = q.map((v, c) => v - (c === y ? 1 : 0));
    for (let i = 0; i < x.indexes.length; i++) {
      const base = x.indexes[i]! * k;
      for (let c = 0; c < k; c++) p.weights[base + c] = p.weights[base + c]! - step * (g[c]! * x.values[i]! + l2 * p.weights[base + c]!);
    }
    // Numeric features and the bias move at a tenth of the rate, as in the binary trainer.
    p.stats.forEach((s, j) => {
      const v = standardised(x, s);
      for (let c = 0; c < k; c++) p.numeric[j * k + c] = p.numeric[j * k + c]! - step * (g[c]! * v * 0.1 + l2 * p.numeric[j * k + c]!);
    });
    for (let c = 0; c < k; c++) p.bias[c] = p.bias[c]! - step * g[c]! * 0.1;
    return -Math.log(Math.max(q[y]!, 1e-12));
  });
  return toArtifact(p, classes);
}

function toArtifact(p: SoftmaxParameters, classes: string[]): SoftmaxArtifact {
  const weights: Record<string, number[]> = {};
  for (let b = 0; b < HASH_DIMENSIONS; b++) {
    const row = Array.from(p.weights.subarray(b * p.k, (b + 1) * p.k));
    if (row.some((w) => Math.abs(w) >= 1e-4)) weights[b] = row.map((w) => Math.round(w * 1e5) / 1e5);
  }
  return {
    kind: "softmax-hashed",
    dimensions: HASH_DIMENSIONS,
    classes,
    bias: Array.from(p.bias),
    weights,
    numeric: p.stats.map((s, j) => ({ ...s, weights: Array.from(p.numeric.subarray(j * p.k, (j + 1) * p.k)) })),
  };
}

/** A loaded artifact that gives each class's probability for an example. */
export type MulticlassClassifier = { classes: string[]; probabilities: (example: Example) => number[] };

export function loadMulticlassClassifier(artifact: SoftmaxArtifact): MulticlassClassifier {
  const k = artifact.classes.length;
  const p = emptyParameters(k, artifact.numeric);
  for (const [bucket, row] of Object.entries(artifact.weights)) row.forEach((w, c) => (p.weights[Number(bucket) * k + c] = w));
  artifact.numeric.forEach((s, j) => s.weights.forEach((w, c) => (p.numeric[j * k + c] = w)));
  artifact.bias.forEach((b, c) => (p.bias[c] = b));
  return { classes: artifact.classes, probabilities: (example) => softmax(logits(p, encode(example))) };
}

export function isSoftmaxArtifact(value: unknown): value is SoftmaxArtifact {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "softmax-hashed";
}
