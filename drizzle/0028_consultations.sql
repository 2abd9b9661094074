CREATE TYPE "public"."consultation_comment_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."consultation_disposition" AS ENUM('adopted', 'partly_adopted', 'not_adopted');--> statement-breakpoint
CREATE TYPE "public"."consultation_status" AS ENUM('draft', 'open', 'closed', 'feedback_published');--> statement-breakpoint
CREATE TABLE "consultation_attachments" (
	"consultation_id" bigint NOT NULL,
	"file_id" bigint NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "consultation_attachments_consultation_id_file_id_pk" PRIMARY KEY("consultation_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "consultation_comments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"consultation_id" bigint NOT NULL,
	"author_id" bigint NOT NULL,
	"section_index" integer,
	"body" text NOT NULL,
	"original_body" text NOT NULL,
	"status" "consultation_comment_status" DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"moderated_at" timestamp with time zone,
	"moderated_by_id" bigint,
	"disposition" "consultation_disposition",
	"disposition_reason" text,
	"disposed_at" timestamp with time zone,
	"disposed_by_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_comments_publicId_unique" UNIQUE("public_id")
);
--> statement-breakpoint
CREATE TABLE "consultation_subscriptions" (
	"consultation_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_subscriptions_consultation_id_user_id_pk" PRIMARY KEY("consultation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"sections" jsonb NOT NULL,
	"department_id" bigint NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"short_period_reason" text,
	"moderate_comments" boolean DEFAULT true NOT NULL,
	"comment_quota" integer DEFAULT 5 NOT NULL,
	"status" "consultation_status" DEFAULT 'draft' NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"early_close_reason" text,
	"feedback_published_at" timestamp with time zone,
	"feedback_item_id" bigint,
	"result_item_id" bigint,
	"created_by_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "consultations_publicId_unique" UNIQUE("public_id"),
	CONSTRAINT "consultations_slug_unique" UNIQUE("slug"),
	CONSTRAINT "consultations_period_order" CHECK ("consultations"."closes_at" > "consultations"."opens_at")
);
--> statement-breakpoint
ALTER TABLE "consultation_attachments" ADD CONSTRAINT "consultation_attachments_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_attachments" ADD CONSTRAINT "consultation_attachments_file_id_disclosure_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."disclosure_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_moderated_by_id_users_id_fk" FOREIGN KEY ("moderated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_disposed_by_id_users_id_fk" FOREIGN KEY ("disposed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_subscriptions" ADD CONSTRAINT "consultation_subscriptions_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_subscriptions" ADD CONSTRAINT "consultation_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_feedback_item_id_catalogue_items_id_fk" FOREIGN KEY ("feedback_item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_result_item_id_catalogue_items_id_fk" FOREIGN KEY ("result_item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_comments_consultation_idx" ON "consultation_comments" USING btree ("consultation_id","status","section_index");--> statement-breakpoint
CREATE INDEX "consultation_comments_author_idx" ON "consultation_comments" USING btree ("author_id","consultation_id");--> statement-breakpoint
CREATE INDEX "consultation_subscriptions_user_idx" ON "consultation_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "consultations_status_idx" ON "consultations" USING btree ("status","closes_at");