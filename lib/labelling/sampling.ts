import { createHash } from "node:crypto";
import { SCORE_BANDS, UNKNOWN_STRATUM, UNSTRATIFIED, type SamplingPolicySettings, type Stratification } from "./constants";

/**
 * The sampling decision, as pure functions. Ingest makes the same decision in SQL, inside the
 * statement that stores the batch (lib/services/ingest/ingest-predictions.ts); an integration
 * test checks that the two agree row for row.
 */

/** Bits of the hash used as the draw: 52 fit a double exactly, in JavaScript and in PostgreSQL. */
const DRAW_BITS = 52;

/**
 * A number in [0, 1) fixed by the model and the caller's prediction id: the first 52 bits of
 * md5("<model id>:<prediction id>"). A replayed prediction draws the same number, so it is
 * sampled the same way, and ids say nothing about the order they arrive in.
 */
export function samplingDraw(modelId: string, predictionId: string): number {
  const hex = createHash("md5").update(`${modelId}:${predictionId}`, "utf8").digest("hex");
  return parseInt(hex.slice(0, DRAW_BITS / 4), 16) / 2 ** DRAW_BITS;
}

/** The score band of a binary score: five bands of 0.2, with 1.0 in the last one. */
export function scoreBand(score: number): string {
  return SCORE_BANDS[Math.min(Math.max(Math.floor(score * 5), 0), SCORE_BANDS.length - 1)]!;
}

export type SampledPrediction = { label?: string | null; score?: number | null };

/** The stratum a prediction falls in under a policy's stratification. */
export function stratumOf(stratifyBy: Stratification, prediction: SampledPrediction): string {
  switch (stratifyBy) {
    case "none":
      return UNSTRATIFIED;
    case "predicted_class":
      return prediction.label ?? UNKNOWN_STRATUM;
    case "score_band":
      return prediction.score === null || prediction.score === undefined ? UNKNOWN_STRATUM : scoreBand(prediction.score);
  }
}

/** The stratum's own rate, or the base rate when it has none. */
export function rateFor(policy: Pick<SamplingPolicySettings, "rate" | "stratumRates">, stratum: string): number {
  return policy.stratumRates[stratum] ?? policy.rate;
}

export type SamplingDecision = { sampled: boolean; stratum: string; inclusionProbability: number; draw: number };

/** Whether a prediction goes to the labelling queue (before any daily cap), and with what probability. */
export function samplingDecision(policy: Pick<SamplingPolicySettings, "rate" | "stratumRates" | "stratifyBy">, modelId: string, predictionId: string, prediction: SampledPrediction): SamplingDecision {
  const stratum = stratumOf(policy.stratifyBy, prediction);
  const inclusionProbability = rateFor(policy, stratum);
  const draw = samplingDraw(modelId, predictionId);
  return { sampled: draw < inclusionProbability, stratum, inclusionProbability, draw };
}

/** The strata a model can have under a stratification, for the settings form. */
export function strataFor(stratifyBy: Stratification, model: { task: string; classes: readonly string[] }): string[] {
  if (stratifyBy === "predicted_class") return [...model.classes];
  if (stratifyBy === "score_band") return [...SCORE_BANDS];
  return [];
}

/**
 * What a daily cap keeps of one batch's candidates (predictions whose draw fell below their
 * rate) when `places` are left in the day (null: no cap): the candidates with the lowest draws,
 * as ingest's SQL keeps them, each with its true inclusion probability.
 *
 * A kept item i is in the sample exactly when its draw is below its rate and below the draw of
 * the lowest candidate the cap turned away, `cut`; given every other prediction's draw, that
 * happens with probability min(rateᵢ, cut), so 1/min(rateᵢ, cut) weights it without bias
 * (docs/adr/0007-sampled-figures-under-a-daily-cap.md works it through). A batch the cap
 * did not cut keeps every candidate at its rate.
 */
export function keepUnderCap<T extends { draw: number; inclusionProbability: number }>(candidates: readonly T[], places: number | null): T[] {
  if (places === null || candidates.length <= places) return [...candidates];
  const sorted = [...candidates].sort((a, b) => a.draw - b.draw);
  const kept = Math.max(0, places);
  const cut = sorted[kept]!.draw;
  return sorted.slice(0, kept).map((c) => ({ ...c, inclusionProbability: Math.min(c.inclusionProbability, cut) }));
}
