// Client-safe shapes the labelling services answer with and the labelling pages show.
import type { ModelTask } from "@/lib/models/constants";
import type { SamplingPolicySettings, SkipReason } from "./constants";

/** The model's prediction, shown to annotators only when the model's policy says so. */
export type ShownPrediction = { label: string | null; value: number | null; score: number | null; probabilities: Record<string, number> | null };

/** One item as an annotator (or a labelling tool) gets it. */
export type ClaimedItem = {
  itemId: string;
  predictionId: string;
  predictedAt: string;
  features: Record<string, unknown>;
  claimExpiresAt: string;
  prediction: ShownPrediction | null;
};

export type LabellingProgress = {
  labelledToday: number;
  remaining: number;
  /** Settled labels of the model on predictions of the planning window (PLAN_WINDOW_DAYS), gold items aside. */
  windowLabels: number;
};

export type LabellingQueue = { slug: string; name: string; task: ModelTask; queued: number };

export type LabellingModel = { slug: string; name: string; task: ModelTask; classes: string[]; positiveClass: string | null };

export type LabellingQueueInfo = {
  model: LabellingModel;
  showPrediction: boolean;
  leaseMinutes: number;
  /** The accuracy the planning aid plans around: the model's sampled accuracy over 30 days, or an assumed one. */
  baseline: { value: number; n: number; source: "sampled" | "assumed" };
};

export type SamplingPolicyView = {
  model: LabellingModel;
  policy: SamplingPolicySettings;
  /** True while the model has no policy of its own and uses the defaults. */
  isDefault: boolean;
  /** The latest backfill of past predictions, running or finished. */
  backfill: BackfillView | null;
  queue: {
    open: number;
    labelled: number;
    /** Labelled twice, differently: waiting for an approver's final label. */
    review: number;
    createdToday: number;
    /** Skips per reason, over the model's whole history. */
    skips: Record<SkipReason, number>;
    strata: { stratum: string; items: number; labelled: number }[];
  };
};

/** An overlap item whose two labels disagree, for an approver to settle. */
export type ReviewItem = {
  itemId: string;
  predictionId: string;
  predictedAt: string;
  features: Record<string, unknown>;
  labels: { annotator: string; label: string; at: string }[];
};

export type LabellingReview = {
  agreement: import("./agreement").ModelAgreement;
  /** Of the agreement's disagreements, those an approver has settled (the rest wait in `review`). */
  settled: number;
  /** Items waiting for a final label (oldest first, at most REVIEW_PAGE), and how many in all. */
  review: ReviewItem[];
  waiting: number;
  /** Overlap items labelled once so far, waiting for their second annotator. */
  awaitingSecond: number;
  gold: GoldView;
};

/** Gold items (known answers) and each annotator's accuracy on them, with its Wilson interval. */
export type GoldView = {
  items: { predictionId: string; label: string; labels: number }[];
  annotators: { annotator: string; n: number; correct: number; accuracy: import("@/lib/stats/wilson").ProportionEstimate }[];
};

/** A backfill of past predictions, with its progress. */
export type BackfillView = {
  id: string;
  from: string;
  to: string;
  status: "running" | "done" | "failed";
  total: number;
  processed: number;
  sampled: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
};
