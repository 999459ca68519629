// Client-safe constants of human-in-the-loop labelling: sampling policies, skips and the queue.

/** How a policy splits predictions into strata, each with its own sampling rate. */
export const STRATIFICATIONS = ["none", "predicted_class", "score_band"] as const;
export type Stratification = (typeof STRATIFICATIONS)[number];

export const STRATIFICATION_LABELS: Record<Stratification, string> = {
  none: "No strata: one rate for every prediction",
  predicted_class: "By predicted class",
  score_band: "By score band (binary models: five bands of 0.2)",
};

/** The stratum of every prediction when a policy has no strata. */
export const UNSTRATIFIED = "all";
/** The stratum of a prediction the policy cannot place (no label, no score). */
export const UNKNOWN_STRATUM = "unknown";

/** Five bands of 0.2 over a binary model's score; 1.0 belongs to the last band. */
export const SCORE_BANDS = ["0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0"] as const;

export type SamplingPolicySettings = {
  /** Share of predictions sent for labelling, 0..1; a stratum without a rate of its own uses it. */
  rate: number;
  stratifyBy: Stratification;
  /** Stratum → rate, for the strata that differ from `rate`. */
  stratumRates: Record<string, number>;
  /** At most this many items a UTC day (counted by when the items were created); null: no cap. */
  dailyCap: number | null;
  /** Whether annotators see the model's prediction and score (off by default, against anchoring). */
  showPrediction: boolean;
  /** How long a claim holds an item before it returns to the queue. */
  leaseMinutes: number;
  /** Share of sampled items labelled by two different annotators, 0..1 (classifiers only). */
  overlapShare: number;
};

/** What a model without a policy of its own uses. */
export const DEFAULT_SAMPLING_POLICY: SamplingPolicySettings = {
  rate: 0.05,
  stratifyBy: "none",
  stratumRates: {},
  dailyCap: null,
  showPrediction: false,
  leaseMinutes: 10,
  overlapShare: 0,
};

export const MAX_LEASE_MINUTES = 240;

export const SKIP_REASONS = ["cannot_judge", "unclear_input", "other"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  cannot_judge: "Cannot judge",
  unclear_input: "Unclear input",
  other: "Other",
};

/** How long after giving a label its annotator may take it back. */
export const UNDO_WINDOW_MS = 60_000;

/** At most this many items one API call may claim. */
export const MAX_API_CLAIM = 100;
/** At most this many labels one API call may send. */
export const MAX_API_LABELS = 1_000;

/** Reasons the API gives for a label it refuses (API.md: "claimed by someone else"). */
export const REFUSAL = {
  claimedByOther: "claimed by someone else",
  notClaimed: "not claimed by you: claim it first",
  claimExpired: "your claim has expired: claim it again",
  otherModelNamed: "belongs to another model than the one named",
  unknownItem: "unknown item",
  otherModel: "this API key may not be used for this item's model",
  alreadyLabelled: "already labelled",
} as const;

/** Disagreements listed at once on the model's labelling page. */
export const REVIEW_PAGE = 50;

/** Share of a person's claims that first look for a gold item they have not labelled. */
export const GOLD_MIX_SHARE = 0.1;
