ALTER TABLE "metric_rollups" ALTER COLUMN "distributions_version" SET DEFAULT 3;--> statement-breakpoint
ALTER TABLE "metric_rollups_daily" ALTER COLUMN "distributions_version" SET DEFAULT 3;--> statement-breakpoint
-- Hand-written from here on. Version 3 of `distributions` counts each feature's values by JSON type
-- (data quality): every hour whose rollup is older is marked for the rollup job, which recomputes
-- it whole from its raw predictions (and then its day). Until then its windows report drift as
-- being rebuilt, as after 0010.
INSERT INTO "rollup_dirty_buckets" ("model_id", "bucket_start") SELECT "model_id", "bucket_start" FROM "metric_rollups" WHERE "distributions_version" < 3 ORDER BY 1, 2;
