import type { Example } from "./features";
import { isLogisticArtifact, loadClassifier } from "./logistic";
import { isSoftmaxArtifact, loadMulticlassClassifier } from "./softmax";

/**
 * What a built-in model answers for one example, as a prediction row carries it: the class, and
 * the positive class's probability (binary) or every class's probability (multiclass), rounded
 * to 4 places like any figure Vigil stores.
 */
export type BuiltInPrediction = { label: string; score?: number; probabilities?: Record<string, number> };
export type Predictor = { classes: string[]; predict: (example: Example) => BuiltInPrediction };

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** Whether Vigil's built-in serving can run this artifact: one its built-in trainer made. */
export function isBuiltInArtifact(artifact: unknown): boolean {
  return isLogisticArtifact(artifact) || isSoftmaxArtifact(artifact);
}

/** A predictor for a built-in artifact, or null for anything else (a pipeline's, or none). */
export function loadPredictor(artifact: unknown): Predictor | null {
  if (isLogisticArtifact(artifact)) {
    const classifier = loadClassifier(artifact);
    const { positive, negative } = classifier.classes;
    return {
      classes: [negative, positive],
      predict(example) {
        const score = round4(classifier.score(example));
        return { label: score >= 0.5 ? positive : negative, score };
      },
    };
  }
  if (isSoftmaxArtifact(artifact)) {
    const classifier = loadMulticlassClassifier(artifact);
    return {
      classes: classifier.classes,
      predict(example) {
        const q = classifier.probabilities(example);
        const best = q.indexOf(Math.max(...q));
        return { label: classifier.classes[best]!, probabilities: Object.fromEntries(classifier.classes.map((c, i) => [c, round4(q[i]!)])) };
      },
    };
  }
  return null;
}
