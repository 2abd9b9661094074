ALTER TABLE "interviews" ADD COLUMN "votes_flushed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "votes_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "interview_polls" ADD COLUMN "results_published_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "questions_votes_pending_idx" ON "questions" USING btree ("interview_id") WHERE "questions"."votes_pending";