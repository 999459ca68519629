CREATE TYPE "public"."labelling_backfill_status" AS ENUM('running', 'done', 'failed');--> statement-breakpoint
ALTER TYPE "public"."labelling_item_status" ADD VALUE 'review';--> statement-breakpoint
CREATE TABLE "labelling_backfills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"range_from" timestamp with time zone NOT NULL,
	"range_to" timestamp with time zone NOT NULL,
	"status" "labelling_backfill_status" DEFAULT 'running' NOT NULL,
	"total" integer NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"sampled" integer DEFAULT 0 NOT NULL,
	"cursor_at" timestamp with time zone,
	"cursor_id" bigint,
	"error" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "labelling_backfills_range" CHECK ("labelling_backfills"."range_from" < "labelling_backfills"."range_to")
);
--> statement-breakpoint
DROP INDEX "labels_item_standing";--> statement-breakpoint
ALTER TABLE "labelling_items" ADD COLUMN "labels_needed" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "labelling_items" ADD COLUMN "gold_label" text;--> statement-breakpoint
ALTER TABLE "labelling_items" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "labelling_items" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD COLUMN "overlap_share" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "labelling_backfills" ADD CONSTRAINT "labelling_backfills_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_backfills" ADD CONSTRAINT "labelling_backfills_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "labelling_backfills_one_running" ON "labelling_backfills" USING btree ("model_id") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "labelling_backfills_model_created" ON "labelling_backfills" USING btree ("model_id","created_at");--> statement-breakpoint
ALTER TABLE "labelling_items" ADD CONSTRAINT "labelling_items_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "labelling_items_labelled" ON "labelling_items" USING btree ("model_id","predicted_at") WHERE status = 'labelled';--> statement-breakpoint
CREATE INDEX "labelling_items_gold" ON "labelling_items" USING btree ("model_id") WHERE gold_label is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "labels_item_labeller_standing" ON "labels" USING btree ("item_id",coalesce("user_id", "api_key_id")) WHERE undone_at is null;--> statement-breakpoint
ALTER TABLE "labelling_items" ADD CONSTRAINT "labelling_items_labels_needed" CHECK ("labelling_items"."labels_needed" between 1 and 2);--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD CONSTRAINT "sampling_policies_overlap" CHECK ("sampling_policies"."overlap_share" >= 0 and "sampling_policies"."overlap_share" <= 1);