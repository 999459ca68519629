// Client-safe constants of the registry, runs and deploys: importable by pages and forms.

export const VERSION_STATUSES = ["candidate", "production", "archived"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** Where a version row came from: seen in traffic, trained by Vigil, or registered by a pipeline. */
export const VERSION_SOURCES = ["traffic", "built-in", "pipeline"] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const ACTIVE_RUN_STATUSES = ["queued", "running"] as const satisfies readonly RunStatus[];

export const RUN_TRIGGERS = ["manual", "schedule", "monitor"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** Who trains: Vigil itself, a Prefect deployment, any pipeline behind a signed webhook, or nobody. */
export const TRAINERS = ["none", "built-in", "prefect", "webhook"] as const;
export type Trainer = (typeof TRAINERS)[number];

export const TRAINER_LABELS: Record<Trainer, string> = {
  none: "None (versions come from traffic)",
  "built-in": "Built-in trainer (logistic or softmax regression on text and features)",
  prefect: "Prefect deployment",
  webhook: "Pipeline behind a signed webhook",
};

export const DEPLOY_TARGETS = ["built-in", "webhook"] as const;
export type DeployTarget = (typeof DEPLOY_TARGETS)[number];
export const DEPLOY_TARGET_LABELS: Record<DeployTarget, string> = {
  "built-in": "Built-in serving endpoint",
  webhook: "Signed webhook (Seldon, KServe, your CD)",
};

/** approval: N approvers other than the requester; auto: deploy when the candidate wins by the margin on at least min n. */
export const DEPLOY_POLICIES = ["approval", "auto"] as const;
export type DeployPolicy = (typeof DEPLOY_POLICIES)[number];

export const DEPLOY_REQUEST_STATUSES = ["pending", "deploying", "deployed", "rejected", "failed", "superseded"] as const;
export type DeployRequestStatus = (typeof DEPLOY_REQUEST_STATUSES)[number];

export const DEPLOYMENT_KINDS = ["deploy", "rollback"] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];
export const DEPLOYMENT_STATUSES = ["pending", "succeeded", "failed"] as const;

/** The figure the gate compares; accuracy is what people read on the dashboard. */
export const GATE_METRIC = "accuracy" as const;

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};
