CREATE TYPE "public"."notification_channel_type" AS ENUM('webhook', 'slack', 'email');--> statement-breakpoint
CREATE TYPE "public"."notification_delivery_event" AS ENUM('alert.firing', 'alert.resolved', 'test');--> statement-breakpoint
CREATE TYPE "public"."notification_delivery_status" AS ENUM('pending', 'delivered', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."alert_event_type" AS ENUM('fired', 'resolved', 'acknowledged', 'silenced', 'unsilenced', 'action_requested');--> statement-breakpoint
CREATE TYPE "public"."alert_state" AS ENUM('firing', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."monitor_state" AS ENUM('ok', 'pending', 'firing', 'resolved');--> statement-breakpoint
CREATE TABLE "notification_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" "notification_channel_type" NOT NULL,
	"url" text,
	"secret" text,
	"recipients" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_channels_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"alert_id" uuid,
	"event" "notification_delivery_event" NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "notification_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"enqueued_at" timestamp with time zone,
	"attempt_started_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"type" "alert_event_type" NOT NULL,
	"actor" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"monitor_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"state" "alert_state" DEFAULT 'firing' NOT NULL,
	"severity" text NOT NULL,
	"value" double precision,
	"threshold" double precision,
	"n" double precision,
	"fired_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_value" double precision,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text
);
--> statement-breakpoint
CREATE TABLE "monitor_channels" (
	"monitor_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	CONSTRAINT "monitor_channels_monitor_id_channel_id_pk" PRIMARY KEY("monitor_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "monitor_evaluations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitor_id" uuid NOT NULL,
	"tick" timestamp with time zone NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"value" double precision,
	"n" double precision DEFAULT 0 NOT NULL,
	"low" double precision,
	"high" double precision,
	"threshold" double precision,
	"threshold_high" double precision,
	"verdict" text NOT NULL,
	"state" "monitor_state" NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"metric" text NOT NULL,
	"feature" text,
	"all_features" boolean DEFAULT false NOT NULL,
	"class" text,
	"window" text NOT NULL,
	"comparison" text NOT NULL,
	"threshold_mode" text DEFAULT 'absolute' NOT NULL,
	"threshold" double precision NOT NULL,
	"threshold_high" double precision,
	"resolve_threshold" double precision,
	"resolve_threshold_high" double precision,
	"min_n" integer NOT NULL,
	"require_interval" boolean DEFAULT false NOT NULL,
	"for_evaluations" integer DEFAULT 1 NOT NULL,
	"correction" text DEFAULT 'benjamini-hochberg' NOT NULL,
	"alpha" double precision DEFAULT 0.05 NOT NULL,
	"severity" text NOT NULL,
	"policy" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"state" "monitor_state" DEFAULT 'ok' NOT NULL,
	"consecutive" integer DEFAULT 0 NOT NULL,
	"last_tick" timestamp with time zone,
	"last_value" double precision,
	"last_n" double precision,
	"silenced_until" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_delivery_id_notification_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."notification_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_channels" ADD CONSTRAINT "monitor_channels_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_channels" ADD CONSTRAINT "monitor_channels_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_evaluations" ADD CONSTRAINT "monitor_evaluations_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_attempts_delivery" ON "notification_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_alert_channel_event" ON "notification_deliveries" USING btree ("alert_id","channel_id","event");--> statement-breakpoint
CREATE INDEX "notification_deliveries_channel_created" ON "notification_deliveries" USING btree ("channel_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notification_deliveries_pending" ON "notification_deliveries" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "alert_events_alert_at" ON "alert_events" USING btree ("alert_id","at");--> statement-breakpoint
CREATE INDEX "alert_events_type_at" ON "alert_events" USING btree ("type","at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_per_monitor" ON "alerts" USING btree ("monitor_id") WHERE state = 'firing';--> statement-breakpoint
CREATE INDEX "alerts_model_fired" ON "alerts" USING btree ("model_id","fired_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_open" ON "alerts" USING btree ("fired_at" DESC NULLS LAST) WHERE state = 'firing';--> statement-breakpoint
CREATE UNIQUE INDEX "monitor_evaluations_monitor_tick" ON "monitor_evaluations" USING btree ("monitor_id","tick");--> statement-breakpoint
CREATE UNIQUE INDEX "monitors_model_name" ON "monitors" USING btree ("model_id","name");--> statement-breakpoint
CREATE INDEX "monitors_enabled" ON "monitors" USING btree ("enabled");