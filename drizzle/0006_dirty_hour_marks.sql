ALTER TABLE "rollup_dirty_buckets" DROP CONSTRAINT "rollup_dirty_buckets_model_id_bucket_start_pk";--> statement-breakpoint
ALTER TABLE "rollup_dirty_buckets" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
CREATE INDEX "rollup_dirty_buckets_model_bucket" ON "rollup_dirty_buckets" USING btree ("model_id","bucket_start");