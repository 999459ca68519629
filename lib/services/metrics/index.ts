import "server-only";
// What code outside lib/services/metrics/ may import from it (test/layout.test.ts holds callers to this file).

export { getModelHealth } from "./get-model-health";
export { getModelMetrics, getModelMetricsOf, loadDistributions, referenceWindow, rollupState } from "./get-model-metrics";
export type { ModelMetrics } from "./get-model-metrics";
export { getModelSlices, loadSliceCounts } from "./get-model-slices";
export { segmentRebuild } from "./load-split";
export { loadSampledGroups } from "./load-sampled-accuracy";
export { prometheusScrape } from "./prometheus-scrape";
export { refreshRollups } from "./refresh-rollups";
export { enableRollupRefreshAfterWrites, rollupsChanged } from "./rollup-refresher";
