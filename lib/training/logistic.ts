import { encode, HASH_DIMENSIONS, numericStats, standardised, type Encoded, type Example, type NumericStat } from "./features";
import { runEpochs, type EpochReport, type TrainOptions } from "./sgd";

/**
 * Logistic regression on hashed tokens plus standardised numeric features, trained by SGD.
 * The artifact is plain JSON (weights sparse), so a version stores and loads with its row.
 */
export type LogisticArtifact = {
  kind: "logistic-hashed";
  dimensions: number;
  bias: number;
  /** bucket → weight, only the buckets that ever moved. */
  weights: Record<string, number>;
  numeric: { name: string; mean: number; std: number; weight: number }[];
  classes: { positive: string; negative: string };
};

export type LabelledExample = Example & { positive: boolean };
export type { EpochReport, TrainOptions };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));

/** Trains on `examples`, calling `onEpoch` after each pass (see runEpochs). */
export async function trainLogistic(
  examples: LabelledExample[],
  classes: { positive: string; negative: string },
  options: TrainOptions,
  onEpoch: (report: EpochReport) => Promise<void> | void = () => {},
): Promise<LogisticArtifact> {
  const encoded = examples.map((e) => ({ x: encode(e), y: e.positive ? 1 : 0 }));
  const stats = numericStats(encoded.map((e) => e.x));
  const weights = new Float64Array(HASH_DIMENSIONS);
  const numericWeights = new Float64Array(stats.length);
  let bias = 0;
  const l2 = options.l2 ?? 1e-6;

  await runEpochs(encoded.length, options, onEpoch, (index, step) => {
    const { x, y } = encoded[index]!;
    const z = linear(x, weights, bias, stats, numericWeights);
    const p = sigmoid(z);
    const gradient = p - y;
    for (let k = 0; k < x.indexes.length; k++) {
      const b = x.indexes[k]!;
      weights[b] = weights[b]! - step * (gradient * x.values[k]! + l2 * weights[b]!);
    }
    stats.forEach((s, k) => {
      const v = standardised(x, s);
      numericWeights[k] = numericWeights[k]! - step * (gradient * v * 0.1 + l2 * numericWeights[k]!);
    });
    bias -= step * gradient * 0.1;
    return y ? -Math.log(Math.max(p, 1e-12)) : -Math.log(Math.max(1 - p, 1e-12));
  });

  const sparse: Record<string, number> = {};
  weights.forEach((w, b) => {
    if (Math.abs(w) >= 1e-4) sparse[b] = Math.round(w * 1e5) / 1e5;
  });
  return {
    kind: "logistic-hashed",
    dimensions: HASH_DIMENSIONS,
    bias,
    weights: sparse,
    numeric: stats.map((s, k) => ({ ...s, weight: numericWeights[k]! })),
    classes,
  };
}

function linear(x: Encoded, weights: Float64Array, bias: number, stats: NumericStat[], numericWeights: Float64Array): number {
  let z = bias;
  for (let k = 0; k < x.indexes.length; k++) z += weights[x.indexes[k]!]! * x.values[k]!;
  stats.forEach((s, k) => {
    z += numericWeights[k]! * standardised(x, s);
  });
  return z;
}

/** A loaded artifact that scores examples: probability of the positive class. */
export type Classifier = { score: (example: Example) => number; classes: { positive: string; negative: string } };

export function loadClassifier(artifact: LogisticArtifact): Classifier {
  const weights = new Map<number, number>(Object.entries(artifact.weights).map(([b, w]) => [Number(b), w]));
  return {
    classes: artifact.classes,
    score(example) {
      const x = encode(example);
      let z = artifact.bias;
      for (let k = 0; k < x.indexes.length; k++) z += (weights.get(x.indexes[k]!) ?? 0) * x.values[k]!;
      for (const s of artifact.numeric) z += s.weight * standardised(x, s);
      return sigmoid(z);
    },
  };
}

export function isLogisticArtifact(value: unknown): value is LogisticArtifact {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "logistic-hashed";
}
