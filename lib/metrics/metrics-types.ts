import type { ModelTask } from "@/lib/models/constants";
import type { FeatureDrift, OutputDrift } from "./drift";
import type { FeatureQuality } from "./feature-quality";
import type { Bucket, SeriesPoint } from "./series";
import type { SplitSegment } from "./split-series";
import type { SegmentName } from "./segment-types";

/** A production switch inside the range, drawn on every time chart. */
export type Marker = { at: string; type: "deployed" | "rolled_back"; version: string };

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
    /** Predictions each window needs before drift is judged (the model's drift minimum). */
    minN: number;
    /** While the model's rollups are rebuilt into the current shape: hours done of all; drift is empty meanwhile. */
    rebuilding: { done: number; total: number } | null;
    score: OutputDrift | null;
    prediction: OutputDrift | null;
    /** Each feature's drift and its data quality in the current window (`quality`). */
    features: (FeatureDrift & { quality: FeatureQuality })[];
  };
  distributions: {
    score: { edges: number[]; reference: number[]; current: number[] } | null;
    confusion: { classes: string[]; counts: number[][] } | null;
    /** Residuals (actual − predicted) in equal bins between their 1st and 99th percentiles. */
    residuals: { edges: number[]; counts: number[] } | null;
  };
  /** Hours still waiting for their rollup to be recomputed (figures may lag by that much). */
  pendingBuckets: number;
  /** Deploys and rollbacks that took effect inside the range, in time order. */
  markers: Marker[];
  /** With `?segment=`: the split asked for. */
  segment?: SegmentName;
  /** With `?segment=`: each value's figures, the largest first ("(other)" last). */
  segments?: SplitSegment[];
  /** With `?segment=`: while hours of the range are rebuilt for the model's current splits, how far (hours). */
  segmentsRebuilding?: { done: number; total: number } | null;
};
