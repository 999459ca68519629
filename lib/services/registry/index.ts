import "server-only";
// What code outside lib/services/registry/ may import from it (test/layout.test.ts holds callers to this file).

export { getPipeline, withOpenSecrets } from "./get-pipeline";
export type { PublicPipeline } from "./get-pipeline";
export { getVersionsOverview } from "./list-versions";
export { registerVersion } from "./register-version";
export { scoreAndRecord, servePredictions } from "./serve-predictions";
export type { ServeRow } from "./serve-predictions";
export { actorLabel, switchProduction } from "./switch-production";
export { updatePipelineConnections } from "./update-pipeline-connections";
export { updatePipelinePolicy } from "./update-pipeline-policy";
