ALTER TABLE "alerts" ADD COLUMN "change_point_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "kind" text DEFAULT 'window' NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "false_alarm_days" double precision;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "sequential_state" jsonb;