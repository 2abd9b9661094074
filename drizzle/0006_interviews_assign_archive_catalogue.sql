CREATE TYPE "public"."archive_kind" AS ENUM('letter', 'interview');--> statement-breakpoint
CREATE TYPE "public"."archive_status" AS ENUM('draft', 'published', 'unpublished');--> statement-breakpoint
CREATE TYPE "public"."archive_flag_status" AS ENUM('open', 'dismissed', 'actioned');--> statement-breakpoint
CREATE TYPE "public"."catalogue_item_status" AS ENUM('draft', 'published', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."disclosure_attribute" AS ENUM('proactive', 'on_request', 'exempt');--> statement-breakpoint
CREATE TABLE "archive_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "archive_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"kind" "archive_kind" NOT NULL,
	"letter_id" bigint,
	"interview_id" bigint,
	"letter_kind" "letter_kind",
	"status" "archive_status" DEFAULT 'draft' NOT NULL,
	"department_id" bigint,
	"category_id" bigint,
	"catalogue_item_id" bigint,
	"title" text NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"masked_terms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"working_days" integer,
	"year" integer NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"published_at" timestamp with time zone,
	"unpublished_at" timestamp with time zone,
	"unpublish_reason" text,
	"curated_by_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "archive_entries_publicId_unique" UNIQUE("public_id"),
	CONSTRAINT "archive_entries_source" CHECK (("archive_entries"."kind" = 'letter') = ("archive_entries"."letter_id" is not null) and ("archive_entries"."kind" = 'interview') = ("archive_entries"."interview_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "archive_flags" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "archive_flags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"entry_id" bigint NOT NULL,
	"reporter_id" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" "archive_flag_status" DEFAULT 'open' NOT NULL,
	"handled_by_id" bigint,
	"handled_at" timestamp with time zone,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "archive_flags_publicId_unique" UNIQUE("public_id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalogue_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"index_no" text NOT NULL,
	"category_id" bigint NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"publisher" text NOT NULL,
	"attribute" "disclosure_attribute" DEFAULT 'proactive' NOT NULL,
	"status" "catalogue_item_status" DEFAULT 'draft' NOT NULL,
	"generated_on" date NOT NULL,
	"published_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"source_url" text,
	"created_by_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "catalogue_items_publicId_unique" UNIQUE("public_id"),
	CONSTRAINT "catalogue_items_indexNo_unique" UNIQUE("index_no")
);
--> statement-breakpoint
CREATE TABLE "catalogue_sequences" (
	"category_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "catalogue_sequences_category_id_year_pk" PRIMARY KEY("category_id","year"),
	CONSTRAINT "catalogue_sequences_year" CHECK ("catalogue_sequences"."year" between 2000 and 2999)
);
--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "assigned_to_id" bigint;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "assignment_due_on" date;--> statement-breakpoint
ALTER TABLE "archive_entries" ADD CONSTRAINT "archive_entries_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_entries" ADD CONSTRAINT "archive_entries_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_entries" ADD CONSTRAINT "archive_entries_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_entries" ADD CONSTRAINT "archive_entries_category_id_catalogue_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."catalogue_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_entries" ADD CONSTRAINT "archive_entries_catalogue_item_id_catalogue_items_id_fk" FOREIGN KEY ("catalogue_item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_entries" ADD CONSTRAINT "archive_entries_curated_by_id_users_id_fk" FOREIGN KEY ("curated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_flags" ADD CONSTRAINT "archive_flags_entry_id_archive_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."archive_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_flags" ADD CONSTRAINT "archive_flags_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_flags" ADD CONSTRAINT "archive_flags_handled_by_id_users_id_fk" FOREIGN KEY ("handled_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_category_id_catalogue_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."catalogue_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_sequences" ADD CONSTRAINT "catalogue_sequences_category_id_catalogue_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."catalogue_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "archive_entries_letter_idx" ON "archive_entries" USING btree ("letter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "archive_entries_interview_idx" ON "archive_entries" USING btree ("interview_id");--> statement-breakpoint
CREATE INDEX "archive_entries_public_idx" ON "archive_entries" USING btree ("status","published_at","id");--> statement-breakpoint
CREATE INDEX "archive_entries_filter_idx" ON "archive_entries" USING btree ("status","kind","department_id","year");--> statement-breakpoint
CREATE INDEX "archive_entries_search_idx" ON "archive_entries" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "archive_flags_status_idx" ON "archive_flags" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "archive_flags_open_once" ON "archive_flags" USING btree ("entry_id","reporter_id") WHERE "archive_flags"."status" = 'open';--> statement-breakpoint
CREATE INDEX "catalogue_items_public_idx" ON "catalogue_items" USING btree ("status","attribute","category_id","published_at");--> statement-breakpoint
CREATE INDEX "catalogue_items_published_idx" ON "catalogue_items" USING btree ("published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_items_source_idx" ON "catalogue_items" USING btree ("source_url");--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_assigned_to_id_users_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questions_assigned_idx" ON "questions" USING btree ("assigned_to_id","status");