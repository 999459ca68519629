import "server-only";
// What code outside lib/services/runs/ may import from it (test/layout.test.ts holds callers to this file).

export { triggerExternalRun } from "./call-pipeline";
export { cancelRun } from "./cancel-run";
export { compareOnHeldOut } from "./compare-versions";
export { findLostRuns } from "./find-lost-runs";
export { handleMonitorActionJob, resumeMonitorActions } from "./handle-monitor-action";
export { listRuns } from "./list-runs";
export type { RunsList } from "./list-runs";
export { recordRunEvent } from "./record-run-event";
export { runBuiltInTraining } from "./run-built-in-training";
export { runRetrainJob } from "./run-retrain-job";
export { startRetrainRun } from "./start-retrain-run";
export { startScheduledRuns } from "./start-scheduled-runs";
export { loadTrainingData } from "./training-data";
