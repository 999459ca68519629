import "server-only";
// What code outside lib/services/alerts/ may import from it (test/layout.test.ts holds callers to this file).

export { acknowledgeAlert, silenceAlert } from "./acknowledge-alert";
export { loadAlertViews } from "./alert-view";
export type { AlertView } from "./alert-view";
export { getAlert } from "./get-alert";
export { listAlerts } from "./list-alerts";
