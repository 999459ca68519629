import "server-only";
// What code outside lib/services/ingest/ may import from it (test/layout.test.ts holds callers to this file).

export { ingestPayload, ingestPredictions, insertPredictionPayload } from "./ingest-predictions";
export { recordGroundTruth } from "./record-ground-truth";
