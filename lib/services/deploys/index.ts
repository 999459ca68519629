import "server-only";
// What code outside lib/services/deploys/ may import from it (test/layout.test.ts holds callers to this file).

export { createDeployRequest } from "./create-deploy-request";
export { approveDeployRequest, rejectDeployRequest } from "./decide-deploy-request";
export { deployViaWebhook, recordDeploymentEvent } from "./deploy-via-webhook";
export { executeDeploy } from "./execute-deploy";
export { findLostDeployments } from "./find-lost-deployments";
export { listDeployRequests } from "./list-deploy-requests";
export type { DeployRequestView } from "./list-deploy-requests";
export { requestDeploy } from "./request-deploy";
export { rollbackModel, rollbackProduction } from "./rollback";
