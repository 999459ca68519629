CREATE TYPE "public"."run_status" AS ENUM('queued', 'running', 'succeeded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."run_trigger" AS ENUM('manual', 'schedule', 'monitor');--> statement-breakpoint
CREATE TYPE "public"."trainer_kind" AS ENUM('none', 'built-in', 'prefect', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."deploy_policy" AS ENUM('approval', 'auto');--> statement-breakpoint
CREATE TYPE "public"."deploy_request_status" AS ENUM('pending', 'deploying', 'deployed', 'rejected', 'failed', 'superseded');--> statement-breakpoint
CREATE TYPE "public"."deploy_target" AS ENUM('built-in', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."deployment_kind" AS ENUM('deploy', 'rollback');--> statement-breakpoint
CREATE TYPE "public"."deployment_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."model_version_source" AS ENUM('traffic', 'built-in', 'pipeline');--> statement-breakpoint
CREATE TABLE "retrain_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"status" "run_status" DEFAULT 'queued' NOT NULL,
	"trigger" "run_trigger" NOT NULL,
	"trainer" "trainer_kind" NOT NULL,
	"requested_by" uuid,
	"requested_by_label" text NOT NULL,
	"alert_id" text,
	"monitor_id" text,
	"auto_deploy" text DEFAULT 'policy' NOT NULL,
	"progress" double precision DEFAULT 0 NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"token_hash" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"data_from" timestamp with time zone,
	"data_to" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "retrain_runs_progress" CHECK ("retrain_runs"."progress" >= 0 and "retrain_runs"."progress" <= 1)
);
--> statement-breakpoint
CREATE TABLE "run_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"level" text DEFAULT 'info' NOT NULL,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deploy_approvals" (
	"request_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"user_label" text NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deploy_approvals_request_id_user_id_pk" PRIMARY KEY("request_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "deploy_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"from_version_id" uuid,
	"run_id" uuid,
	"status" "deploy_request_status" DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_by_label" text NOT NULL,
	"approvals_required" integer NOT NULL,
	"evaluation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"previous_version_id" uuid,
	"request_id" uuid,
	"kind" "deployment_kind" NOT NULL,
	"target" "deploy_target" NOT NULL,
	"status" "deployment_status" DEFAULT 'pending' NOT NULL,
	"actor_label" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "model_pipelines" (
	"model_id" uuid PRIMARY KEY NOT NULL,
	"trainer" "trainer_kind" DEFAULT 'none' NOT NULL,
	"trainer_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"trainer_secret" text,
	"schedule" text,
	"scheduled_tick_at" timestamp with time zone,
	"data_window_days" integer DEFAULT 30 NOT NULL,
	"deploy_target" "deploy_target" DEFAULT 'built-in' NOT NULL,
	"deploy_webhook_url" text,
	"deploy_webhook_secret" text,
	"deploy_policy" "deploy_policy" DEFAULT 'approval' NOT NULL,
	"approvals_required" integer DEFAULT 1 NOT NULL,
	"auto_margin" double precision DEFAULT 0.01 NOT NULL,
	"auto_min_n" integer DEFAULT 200 NOT NULL,
	"rollback_monitor_id" text,
	"rollback_window_minutes" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_pipelines_approvals" CHECK ("model_pipelines"."approvals_required" >= 1),
	CONSTRAINT "model_pipelines_margin" CHECK ("model_pipelines"."auto_margin" >= 0 and "model_pipelines"."auto_margin" <= 1),
	CONSTRAINT "model_pipelines_min_n" CHECK ("model_pipelines"."auto_min_n" >= 1),
	CONSTRAINT "model_pipelines_window" CHECK ("model_pipelines"."data_window_days" >= 1)
);
--> statement-breakpoint
CREATE TABLE "prediction_texts" (
	"model_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "prediction_texts_model_id_external_id_pk" PRIMARY KEY("model_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "training_examples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"features" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_versions" ALTER COLUMN "status" SET DEFAULT 'candidate';--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "source" "model_version_source" DEFAULT 'traffic' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "artifact" jsonb;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "training_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "training_to" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "training_examples" integer;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "run_id" uuid;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "replaces_version_id" uuid;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "promoted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "retrain_runs" ADD CONSTRAINT "retrain_runs_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrain_runs" ADD CONSTRAINT "retrain_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_logs" ADD CONSTRAINT "run_logs_run_id_retrain_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."retrain_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_approvals" ADD CONSTRAINT "deploy_approvals_request_id_deploy_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."deploy_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_approvals" ADD CONSTRAINT "deploy_approvals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_requests" ADD CONSTRAINT "deploy_requests_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_requests" ADD CONSTRAINT "deploy_requests_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_requests" ADD CONSTRAINT "deploy_requests_from_version_id_model_versions_id_fk" FOREIGN KEY ("from_version_id") REFERENCES "public"."model_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_requests" ADD CONSTRAINT "deploy_requests_run_id_retrain_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."retrain_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploy_requests" ADD CONSTRAINT "deploy_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_previous_version_id_model_versions_id_fk" FOREIGN KEY ("previous_version_id") REFERENCES "public"."model_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_request_id_deploy_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."deploy_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_pipelines" ADD CONSTRAINT "model_pipelines_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_texts" ADD CONSTRAINT "prediction_texts_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_examples" ADD CONSTRAINT "training_examples_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "retrain_runs_one_active" ON "retrain_runs" USING btree ("model_id") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "retrain_runs_model_created" ON "retrain_runs" USING btree ("model_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "run_logs_run" ON "run_logs" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "deploy_requests_status_created" ON "deploy_requests" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "deploy_requests_open_version" ON "deploy_requests" USING btree ("version_id") WHERE status in ('pending', 'deploying');--> statement-breakpoint
CREATE INDEX "deployments_model_created" ON "deployments" USING btree ("model_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "training_examples_model_external" ON "training_examples" USING btree ("model_id","external_id");--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_run_id_retrain_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."retrain_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_replaces_version_id_model_versions_id_fk" FOREIGN KEY ("replaces_version_id") REFERENCES "public"."model_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Versions seen in traffic used to default to production; they are observations, not deploys.
UPDATE "model_versions" SET "status" = 'candidate' WHERE "status" = 'production';--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_one_production" ON "model_versions" USING btree ("model_id") WHERE status = 'production';--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_run" ON "model_versions" USING btree ("run_id");