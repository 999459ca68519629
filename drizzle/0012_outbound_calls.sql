CREATE TYPE "public"."outbound_call_purpose" AS ENUM('retrain', 'deploy');--> statement-breakpoint
CREATE TABLE "outbound_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" "outbound_call_purpose" NOT NULL,
	"model_id" uuid NOT NULL,
	"run_id" uuid,
	"deployment_id" uuid,
	"host" text NOT NULL,
	"ok" boolean NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbound_calls" ADD CONSTRAINT "outbound_calls_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbound_calls_at" ON "outbound_calls" USING btree ("at" DESC NULLS LAST);