CREATE TABLE "interview_poll_votes" (
	"poll_id" bigint NOT NULL,
	"voter_key" text NOT NULL,
	"options" integer[] NOT NULL,
	"user_id" bigint,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interview_polls" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "interview_polls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"interview_id" bigint NOT NULL,
	"question" text NOT NULL,
	"options" text[] NOT NULL,
	"multiple" boolean DEFAULT false NOT NULL,
	"hide_results" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"counts" integer[] NOT NULL,
	"voters" integer DEFAULT 0 NOT NULL,
	"opened_by_id" bigint NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "interview_polls_publicId_unique" UNIQUE("public_id"),
	CONSTRAINT "interview_polls_counts_match" CHECK (cardinality("interview_polls"."counts") = cardinality("interview_polls"."options"))
);
--> statement-breakpoint
ALTER TABLE "interview_poll_votes" ADD CONSTRAINT "interview_poll_votes_poll_id_interview_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."interview_polls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_poll_votes" ADD CONSTRAINT "interview_poll_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_polls" ADD CONSTRAINT "interview_polls_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_polls" ADD CONSTRAINT "interview_polls_opened_by_id_users_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "interview_poll_votes_voter" ON "interview_poll_votes" USING btree ("poll_id","voter_key");--> statement-breakpoint
CREATE INDEX "interview_polls_interview_idx" ON "interview_polls" USING btree ("interview_id","id");