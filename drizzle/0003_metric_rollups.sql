CREATE TABLE "metric_rollups" (
	"model_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"volume" bigint NOT NULL,
	"positive_count" bigint DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	"score_count" bigint DEFAULT 0 NOT NULL,
	"confidence_sum" double precision DEFAULT 0 NOT NULL,
	"truth_count" bigint DEFAULT 0 NOT NULL,
	"truth_correct" bigint DEFAULT 0 NOT NULL,
	"residual_abs_sum" double precision DEFAULT 0 NOT NULL,
	"residual_sq_sum" double precision DEFAULT 0 NOT NULL,
	"residual_sum" double precision DEFAULT 0 NOT NULL,
	"distributions" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_rollups_model_id_bucket_start_pk" PRIMARY KEY("model_id","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "rollup_dirty_buckets" (
	"model_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rollup_dirty_buckets_model_id_bucket_start_pk" PRIMARY KEY("model_id","bucket_start")
);
--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "label_maturity_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "reference_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "reference_to" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "metric_rollups" ADD CONSTRAINT "metric_rollups_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_dirty_buckets" ADD CONSTRAINT "rollup_dirty_buckets_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;