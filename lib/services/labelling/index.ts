import "server-only";
// What code outside lib/services/labelling/ may import from it (test/layout.test.ts holds callers to this file).

export { addGoldItem } from "./add-gold-item";
export { claimItems } from "./claim-items";
export { claimNextItem } from "./claim-next-item";
export { getLabellingProgress } from "./get-labelling-progress";
export { getLabellingQueue } from "./get-labelling-queue";
export { getLabellingReview } from "./get-labelling-review";
export { getSamplingPolicy } from "./get-sampling-policy";
export { listLabellingQueues } from "./list-labelling-queues";
export { pruneLabellingDailyCounts } from "./prune-daily-counts";
export { loadPolicy } from "./queue";
export { renewClaim } from "./renew-claim";
export { resolveReview } from "./resolve-review";
export { runBackfills } from "./run-backfills";
export { samplingPolicyAndCandidatesSql } from "./sampling-sql";
export { setSamplingPolicy } from "./set-sampling-policy";
export { skipItem } from "./skip-item";
export { startBackfill } from "./start-backfill";
export { submitLabel } from "./submit-label";
export { submitLabels } from "./submit-labels";
export { undoLastLabel } from "./undo-last-label";
