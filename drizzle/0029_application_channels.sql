ALTER TABLE "disclosure_applications" ADD COLUMN "channel" "letter_channel" DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD COLUMN "entered_by_id" bigint;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD COLUMN "query_code" text;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD CONSTRAINT "disclosure_applications_entered_by_id_users_id_fk" FOREIGN KEY ("entered_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosure_applications_channel_idx" ON "disclosure_applications" USING btree ("channel","received_on");