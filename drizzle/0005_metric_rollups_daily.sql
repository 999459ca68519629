CREATE TABLE "metric_rollups_daily" (
	"model_id" uuid NOT NULL,
	"day_start" timestamp with time zone NOT NULL,
	"hours" integer NOT NULL,
	"volume" bigint NOT NULL,
	"mixed_types" boolean DEFAULT false NOT NULL,
	"distributions" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_rollups_daily_model_id_day_start_pk" PRIMARY KEY("model_id","day_start")
);
--> statement-breakpoint
CREATE TABLE "rollup_dirty_days" (
	"model_id" uuid NOT NULL,
	"day_start" timestamp with time zone NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rollup_dirty_days_model_id_day_start_pk" PRIMARY KEY("model_id","day_start")
);
--> statement-breakpoint
ALTER TABLE "metric_rollups_daily" ADD CONSTRAINT "metric_rollups_daily_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_dirty_days" ADD CONSTRAINT "rollup_dirty_days_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Daily rollups start empty: every day that already has hourly rollups is marked for the rollup
-- job (or the next read of its model) to merge; until then reads merge that day's hours.
INSERT INTO "rollup_dirty_days" ("model_id", "day_start")
SELECT DISTINCT "model_id", date_trunc('day', "bucket_start", 'UTC') FROM "metric_rollups"
ON CONFLICT DO NOTHING;
