CREATE TYPE "public"."consultation_comment_reject_reason" AS ENUM('off_topic', 'personal_data', 'abusive', 'advertising', 'duplicate', 'use_letters', 'other');--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD COLUMN "reject_code" "consultation_comment_reject_reason";--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD COLUMN "client_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_comments_author_client_id" ON "consultation_comments" USING btree ("author_id","client_id");--> statement-breakpoint
-- Comments rejected before the codes existed: their free-text reason stays as the note, under "other".
UPDATE "consultation_comments" SET "reject_code" = 'other' WHERE "status" = 'rejected' AND "reject_code" IS NULL;
