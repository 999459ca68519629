CREATE TYPE "public"."labelling_item_status" AS ENUM('open', 'labelled');--> statement-breakpoint
CREATE TYPE "public"."labelling_skip_reason" AS ENUM('cannot_judge', 'unclear_input', 'other');--> statement-breakpoint
CREATE TYPE "public"."sampling_stratification" AS ENUM('none', 'predicted_class', 'score_band');--> statement-breakpoint
CREATE TABLE "labelling_daily_counts" (
	"model_id" uuid NOT NULL,
	"day" date NOT NULL,
	"items" integer NOT NULL,
	"cap" integer NOT NULL,
	"requested" integer DEFAULT 0 NOT NULL,
	"granted" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "labelling_daily_counts_model_id_day_pk" PRIMARY KEY("model_id","day")
);
--> statement-breakpoint
CREATE TABLE "labelling_items" (
	"id" bigint PRIMARY KEY NOT NULL,
	"model_id" uuid NOT NULL,
	"predicted_at" timestamp with time zone NOT NULL,
	"stratum" text NOT NULL,
	"inclusion_probability" double precision NOT NULL,
	"status" "labelling_item_status" DEFAULT 'open' NOT NULL,
	"claimed_by_user" uuid,
	"claimed_by_key" uuid,
	"claimed_at" timestamp with time zone,
	"claim_expires_at" timestamp with time zone,
	"label" text,
	"value" double precision,
	"labelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labelling_skips" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" bigint NOT NULL,
	"model_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reason" "labelling_skip_reason" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" bigint NOT NULL,
	"model_id" uuid NOT NULL,
	"user_id" uuid,
	"api_key_id" uuid,
	"annotator" text NOT NULL,
	"label" text,
	"value" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sampling_policies" (
	"model_id" uuid PRIMARY KEY NOT NULL,
	"rate" double precision DEFAULT 0.05 NOT NULL,
	"stratify_by" "sampling_stratification" DEFAULT 'none' NOT NULL,
	"stratum_rates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"daily_cap" integer,
	"show_prediction" boolean DEFAULT false NOT NULL,
	"lease_minutes" integer DEFAULT 10 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sampling_policies_rate" CHECK ("sampling_policies"."rate" >= 0 and "sampling_policies"."rate" <= 1),
	CONSTRAINT "sampling_policies_daily_cap" CHECK ("sampling_policies"."daily_cap" is null or "sampling_policies"."daily_cap" > 0),
	CONSTRAINT "sampling_policies_lease" CHECK ("sampling_policies"."lease_minutes" > 0)
);
--> statement-breakpoint
ALTER TABLE "labelling_daily_counts" ADD CONSTRAINT "labelling_daily_counts_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_items" ADD CONSTRAINT "labelling_items_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_items" ADD CONSTRAINT "labelling_items_claimed_by_user_users_id_fk" FOREIGN KEY ("claimed_by_user") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_items" ADD CONSTRAINT "labelling_items_claimed_by_key_api_keys_id_fk" FOREIGN KEY ("claimed_by_key") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_skips" ADD CONSTRAINT "labelling_skips_item_id_labelling_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."labelling_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_skips" ADD CONSTRAINT "labelling_skips_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_skips" ADD CONSTRAINT "labelling_skips_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_item_id_labelling_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."labelling_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD CONSTRAINT "sampling_policies_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD CONSTRAINT "sampling_policies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "labelling_items_queue" ON "labelling_items" USING btree ("model_id","predicted_at" DESC NULLS LAST) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "labelling_items_claimed_by_user" ON "labelling_items" USING btree ("claimed_by_user") WHERE claimed_by_user is not null and status = 'open';--> statement-breakpoint
CREATE INDEX "labelling_items_created_at" ON "labelling_items" USING brin ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "labelling_skips_item_user" ON "labelling_skips" USING btree ("item_id","user_id");--> statement-breakpoint
CREATE INDEX "labelling_skips_model_reason" ON "labelling_skips" USING btree ("model_id","reason");--> statement-breakpoint
CREATE UNIQUE INDEX "labels_item_standing" ON "labels" USING btree ("item_id") WHERE undone_at is null;--> statement-breakpoint
CREATE INDEX "labels_user_created" ON "labels" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "labels_model_created" ON "labels" USING btree ("model_id","created_at");