ALTER TABLE "users" ADD COLUMN "locale" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "message" jsonb;