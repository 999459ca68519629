ALTER TABLE "models" ADD COLUMN "drift_min_n" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
-- Hand-written from here on (drizzle-kit generated the three ADD COLUMNs with DEFAULT 2).
-- Rollups written before this migration keep numeric values in log-spaced fine bins: they get
-- version 1; rows written from now on get 2 (DISTRIBUTIONS_VERSION). Both are metadata-only changes.
ALTER TABLE "metric_rollups" ADD COLUMN "distributions_version" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_rollups" ALTER COLUMN "distributions_version" SET DEFAULT 2;--> statement-breakpoint
ALTER TABLE "metric_rollups_daily" ADD COLUMN "distributions_version" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_rollups_daily" ALTER COLUMN "distributions_version" SET DEFAULT 2;--> statement-breakpoint
-- Every hour that has a rollup is marked for the rollup job, which recomputes it whole from its raw
-- predictions (and then its day). Until a window's rollups are all of version 2 its drift reports
-- `rebuilding` instead of figures, so old and new are never mixed.
INSERT INTO "rollup_dirty_buckets" ("model_id", "bucket_start") SELECT "model_id", "bucket_start" FROM "metric_rollups" ORDER BY 1, 2;
