CREATE TABLE "metric_rollup_segments" (
	"model_id" uuid NOT NULL,
	"segment" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"value" text NOT NULL,
	"volume" bigint NOT NULL,
	"positive_count" bigint DEFAULT 0 NOT NULL,
	"score_count" bigint DEFAULT 0 NOT NULL,
	"confidence_sum" double precision DEFAULT 0 NOT NULL,
	"truth_count" bigint DEFAULT 0 NOT NULL,
	"truth_correct" bigint DEFAULT 0 NOT NULL,
	"residual_abs_sum" double precision DEFAULT 0 NOT NULL,
	"residual_sq_sum" double precision DEFAULT 0 NOT NULL,
	"residual_sum" double precision DEFAULT 0 NOT NULL,
	"predicted" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "metric_rollup_segments_model_id_segment_bucket_start_value_pk" PRIMARY KEY("model_id","segment","bucket_start","value")
);
--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "segment_features" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_rollups" ADD COLUMN "segments_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_rollup_segments" ADD CONSTRAINT "metric_rollup_segments_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written from here on. Every hour that has a rollup is marked for the rollup job, which
-- recomputes it whole from its raw predictions, writing its rows per version (and per declared
-- segment feature's value); its segments_key is '' until then, so splits report the rebuild's progress.
INSERT INTO "rollup_dirty_buckets" ("model_id", "bucket_start") SELECT "model_id", "bucket_start" FROM "metric_rollups" ORDER BY 1, 2;
