ALTER TABLE "interview_poll_votes" ADD COLUMN "id" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "interview_poll_votes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "interview_polls" ADD COLUMN "folded_vote_id" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "interview_poll_votes_fold" ON "interview_poll_votes" USING btree ("poll_id","id");--> statement-breakpoint
-- Ballots cast before this migration were already counted by the vote statement: mark them folded.
UPDATE "interview_polls" p SET "folded_vote_id" = coalesce((SELECT max(v."id") FROM "interview_poll_votes" v WHERE v."poll_id" = p."id"), 0);
