ALTER TABLE "disclosure_applications" ADD COLUMN "locale" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "locale" text DEFAULT 'zh-CN' NOT NULL;