ALTER TYPE "public"."letter_status" ADD VALUE 'merged';--> statement-breakpoint
CREATE TABLE "overdue_digests" (
	"day" text NOT NULL,
	"department_id" bigint NOT NULL,
	"letters" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "merged_into_id" bigint;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "overdue_digests" ADD CONSTRAINT "overdue_digests_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "overdue_digests_day_department" ON "overdue_digests" USING btree ("day","department_id");--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_merged_into_id_letters_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;