import "server-only";
import { evaluate } from "@/lib/training/evaluate";
import { isLogisticArtifact, loadClassifier } from "@/lib/training/logistic";
import type { LabelledExample } from "@/lib/training/logistic";
import type { GateComparison } from "@/lib/registry/gate";

const round = (v: number | null) => (v === null || Number.isNaN(v) ? (v as null) : Math.round(v * 10_000) / 10_000);

export function scoreArtifact(artifact: unknown, heldOut: LabelledExample[]) {
  if (!isLogisticArtifact(artifact)) return null;
  const classifier = loadClassifier(artifact);
  const result = evaluate(heldOut.map((e) => ({ score: classifier.score(e), actual: e.positive })));
  return { accuracy: round(result.accuracy)!, f1: round(result.f1)!, auc: round(result.auc) };
}

/** Candidate and production on the same held-out labels; production null when it has no built-in artifact. */
export function compareOnHeldOut(candidate: unknown, production: unknown, heldOut: LabelledExample[]): GateComparison | null {
  const c = scoreArtifact(candidate, heldOut);
  if (!c || heldOut.length === 0) return null;
  return { n: heldOut.length, candidate: c, production: scoreArtifact(production, heldOut) };
}
