import "server-only";
import { evaluate, evaluateDecisions } from "@/lib/training/evaluate";
import { isLogisticArtifact, loadClassifier } from "@/lib/training/logistic";
import { isSoftmaxArtifact } from "@/lib/training/softmax";
import { loadPredictor } from "@/lib/training/predictor";
import type { TrainingExample } from "./training-data";
import type { GateComparison } from "@/lib/registry/gate";

const round = (v: number | null) => (v === null || Number.isNaN(v) ? (v as null) : Math.round(v * 10_000) / 10_000);

export function scoreArtifact(artifact: unknown, heldOut: TrainingExample[]) {
  let result;
  if (isLogisticArtifact(artifact)) {
    const classifier = loadClassifier(artifact);
    result = evaluate(heldOut.map((e) => ({ score: classifier.score(e), actual: e.positive })));
  } else if (isSoftmaxArtifact(artifact)) {
    const predictor = loadPredictor(artifact)!;
    result = evaluateDecisions(heldOut.map((e) => ({ predicted: predictor.predict(e).label, actual: e.label })), artifact.classes);
  } else return null;
  return { accuracy: round(result.accuracy)!, f1: round(result.f1)!, auc: round(result.auc) };
}

/** Candidate and production on the same held-out labels; production null when it has no built-in artifact. */
export function compareOnHeldOut(candidate: unknown, production: unknown, heldOut: TrainingExample[]): GateComparison | null {
  const c = scoreArtifact(candidate, heldOut);
  if (!c || heldOut.length === 0) return null;
  return { n: heldOut.length, candidate: c, production: scoreArtifact(production, heldOut) };
}
