ALTER TABLE "alerts" ADD COLUMN "slice" jsonb;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "slice_feature" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "slice_value" text;