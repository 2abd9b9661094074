CREATE TYPE "public"."letter_channel" AS ENUM('web', 'phone', 'paper', 'in_person', 'email', 'hotline_12345');--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "channel" "letter_channel" DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "received_on" date;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "entered_by_id" bigint;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "on_behalf_name" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "on_behalf_phone" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "on_behalf_email" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_entered_by_id_users_id_fk" FOREIGN KEY ("entered_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letters_channel_idx" ON "letters" USING btree ("channel","submitted_at");