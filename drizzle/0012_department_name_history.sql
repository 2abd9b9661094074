ALTER TABLE "letter_messages" ADD COLUMN "department_name" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "department_name" text;