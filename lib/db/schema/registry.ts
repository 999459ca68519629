import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigserial, check, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { DEPLOY_POLICIES, DEPLOY_REQUEST_STATUSES, DEPLOY_TARGETS, DEPLOYMENT_KINDS, DEPLOYMENT_STATUSES, VERSION_SOURCES, VERSION_STATUSES } from "@/lib/registry/constants";
import { models } from "./models";
import { users } from "./users";
import { retrainRuns, trainerKind } from "./runs";

export const modelVersionStatus = pgEnum("model_version_status", VERSION_STATUSES);
export const modelVersionSource = pgEnum("model_version_source", VERSION_SOURCES);
export const deployTarget = pgEnum("deploy_target", DEPLOY_TARGETS);
export const deployPolicy = pgEnum("deploy_policy", DEPLOY_POLICIES);
export const deployRequestStatus = pgEnum("deploy_request_status", DEPLOY_REQUEST_STATUSES);
export const deploymentKind = pgEnum("deployment_kind", DEPLOYMENT_KINDS);
export const deploymentStatus = pgEnum("deployment_status", DEPLOYMENT_STATUSES);

/** What a built-in version carries so it can serve: the trained classifier's parameters. */
export type VersionArtifact = Record<string, unknown>;

/**
 * A model version: seen in traffic (a version string a model server sent), trained by Vigil, or
 * registered by a pipeline. The database allows one production version per model (partial unique
 * index), so two deploys racing cannot leave two. Lineage: the run that made it, and the version
 * it replaced when it went to production.
 */
export const modelVersions = pgTable(
  "model_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    name: text().notNull(),
    artifactUri: text(),
    metrics: jsonb().$type<Record<string, number>>().notNull().default({}),
    status: modelVersionStatus().notNull().default("candidate"),
    source: modelVersionSource().notNull().default("traffic"),
    artifact: jsonb().$type<VersionArtifact>(),
    trainingFrom: timestamp({ withTimezone: true }),
    trainingTo: timestamp({ withTimezone: true }),
    trainingExamples: integer(),
    // What an outside pipeline says its metrics were measured on (free text, shown to approvers).
    evaluatedOn: text(),
    runId: uuid().references(() => retrainRuns.id, { onDelete: "set null" }),
    replacesVersionId: uuid().references((): AnyPgColumn => modelVersions.id, { onDelete: "set null" }),
    promotedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("model_versions_model_name").on(t.modelId, t.name),
    uniqueIndex("model_versions_one_production").on(t.modelId).where(sql`status = 'production'`),
    // A run registers at most one version, even when its job runs twice.
    uniqueIndex("model_versions_run").on(t.runId),
  ],
);

/**
 * How a model is retrained and deployed. Secrets (the Prefect API key, webhook secrets) stay on
 * the server: pages read this table through a view that leaves them out.
 */
export const modelPipelines = pgTable(
  "model_pipelines",
  {
    modelId: uuid()
      .primaryKey()
      .references(() => models.id, { onDelete: "cascade" }),
    trainer: trainerKind().notNull().default("none"),
    // prefect: { apiUrl, deploymentId }; webhook: { url }.
    trainerConfig: jsonb().$type<Record<string, string>>().notNull().default({}),
    trainerSecret: text(),
    schedule: text(),
    // The latest cron tick a run was started for: a tick starts one run, whichever worker sees it.
    scheduledTickAt: timestamp({ withTimezone: true }),
    dataWindowDays: integer().notNull().default(30),
    deployTarget: deployTarget().notNull().default("built-in"),
    deployWebhookUrl: text(),
    deployWebhookSecret: text(),
    deployPolicy: deployPolicy().notNull().default("approval"),
    approvalsRequired: integer().notNull().default(1),
    autoMargin: doublePrecision().notNull().default(0.01),
    autoMinN: integer().notNull().default(200),
    rollbackMonitorId: text(),
    rollbackWindowMinutes: integer(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("model_pipelines_approvals", sql`${t.approvalsRequired} >= 1`),
    check("model_pipelines_margin", sql`${t.autoMargin} >= 0 and ${t.autoMargin} <= 1`),
    check("model_pipelines_min_n", sql`${t.autoMinN} >= 1`),
    check("model_pipelines_window", sql`${t.dataWindowDays} >= 1`),
  ],
);

/**
 * A request to make a version production. The gate's comparison (candidate and production on the
 * same held-out labels) is stored with it, so approvers decide on what the requester saw.
 */
export const deployRequests = pgTable(
  "deploy_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    versionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    fromVersionId: uuid().references(() => modelVersions.id, { onDelete: "set null" }),
    runId: uuid().references(() => retrainRuns.id, { onDelete: "set null" }),
    status: deployRequestStatus().notNull().default("pending"),
    requestedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    requestedByLabel: text().notNull(),
    approvalsRequired: integer().notNull(),
    evaluation: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    reason: text().notNull().default(""),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("deploy_requests_status_created").on(t.status, t.createdAt.desc()),
    // One open request per version.
    uniqueIndex("deploy_requests_open_version").on(t.versionId).where(sql`status in ('pending', 'deploying')`),
  ],
);

/** Each approver's decision; one per person and request, so a double click counts once. */
export const deployApprovals = pgTable(
  "deploy_approvals",
  {
    requestId: uuid()
      .notNull()
      .references(() => deployRequests.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    userLabel: text().notNull(),
    decision: text().$type<"approve" | "reject">().notNull(),
    comment: text().notNull().default(""),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.userId] })],
);

/** Every production switch (deploy or rollback) and how its target answered. */
export const deployments = pgTable(
  "deployments",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    versionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    previousVersionId: uuid().references(() => modelVersions.id, { onDelete: "set null" }),
    requestId: uuid().references(() => deployRequests.id, { onDelete: "set null" }),
    kind: deploymentKind().notNull(),
    target: deployTarget().notNull(),
    status: deploymentStatus().notNull().default("pending"),
    actorLabel: text().notNull(),
    message: text().notNull().default(""),
    // A webhook target that answers "pending" reports later with this deployment's own token (hashed).
    tokenHash: text(),
    // When the target answered that it is deploying: from then on its callback decides, and the
    // sweep for lost deploy jobs leaves the deployment alone.
    acceptedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("deployments_model_created").on(t.modelId, t.createdAt.desc())],
);

/**
 * Labelled examples a model trains on besides its labelled predictions: for the demo's spam
 * filter, the earlier part of the SpamAssassin corpus. `text` is what a built-in model reads.
 */
export const trainingExamples = pgTable(
  "training_examples",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    text: text().notNull().default(""),
    features: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    label: text().notNull(),
    source: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("training_examples_model_external").on(t.modelId, t.externalId)],
);

/**
 * The text a built-in model was asked about, kept beside (not inside) the prediction's features:
 * free text would swamp the categorical drift figures and the hourly rollups.
 */
export const predictionTexts = pgTable(
  "prediction_texts",
  {
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    text: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.externalId] })],
);

export type ModelVersion = typeof modelVersions.$inferSelect;
export type ModelPipeline = typeof modelPipelines.$inferSelect;
export type DeployRequest = typeof deployRequests.$inferSelect;
export type Deployment = typeof deployments.$inferSelect;
