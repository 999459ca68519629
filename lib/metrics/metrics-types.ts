import type { ModelTask } from "@/lib/models/constants";
import type { FeatureDrift } from "./drift";
import type { Counts } from "./rollup-types";
import type { Bucket, SeriesPoint } from "./series";

/** The answer of GET /api/v1/models/{model}/metrics, also what the model page draws. */
export type ModelMetrics = {
  model: string;
  task: ModelTask;
  from: string;
  to: string;
  bucket: Bucket;
  labelMaturityDays: number;
  /** Buckets ending after this time have provisional ground-truth figures. */
  matureBefore: string;
  series: SeriesPoint[];
  totals: SeriesPoint;
  drift: {
    reference: { from: string; to: string; volume: number } | null;
    score: { psi: number | null } | null;
    prediction: { psi: number | null } | null;
    features: FeatureDrift[];
  };
  distributions: {
    score: { edges: number[]; reference: number[]; current: number[] } | null;
    confusion: { classes: string[]; counts: number[][] } | null;
    residuals: Counts | null;
  };
  /** Hours still waiting for their rollup to be recomputed (figures may lag by that much). */
  pendingBuckets: number;
};
