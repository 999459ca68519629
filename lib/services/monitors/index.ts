import "server-only";
// What code outside lib/services/monitors/ may import from it (test/layout.test.ts holds callers to this file).

export { countOpenAlerts } from "./count-open-alerts";
export { createMonitor } from "./create-monitor";
export { deleteMonitor } from "./delete-monitor";
export { evaluateEnabledMonitors, evaluateMonitor, evaluateMonitorAt } from "./evaluate-monitor";
export { getMonitorHistory } from "./get-monitor-history";
export { listFeatureNames } from "./list-feature-names";
export { getMonitor, listMonitors } from "./list-monitors";
export { listSliceValues } from "./list-slice-values";
export { HISTORY_POINTS, metricHistory } from "./metric-history";
export type { HistoryPoint } from "./metric-history";
export { monitorRefs, requestingMonitors } from "./monitor-names";
export { findMonitor } from "./monitor-view";
export { previewMonitor } from "./preview-monitor";
export { updateMonitor } from "./update-monitor";
