CREATE TYPE "public"."annual_report_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TYPE "public"."applicant_type" AS ENUM('person', 'company', 'research', 'nonprofit', 'legal', 'other');--> statement-breakpoint
CREATE TYPE "public"."application_form" AS ENUM('electronic', 'paper');--> statement-breakpoint
CREATE TYPE "public"."application_outcome" AS ENUM('disclosed', 'partly_disclosed', 'withheld', 'unavailable', 'not_handled', 'other');--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('submitted', 'registered', 'needs_correction', 'consulting', 'answered', 'withdrawn');--> statement-breakpoint
CREATE TABLE "annual_reports" (
	"year" integer PRIMARY KEY NOT NULL,
	"sections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "annual_report_status" DEFAULT 'draft' NOT NULL,
	"catalogue_item_id" bigint,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "annual_reports_year" CHECK ("annual_reports"."year" between 2000 and 2999)
);
--> statement-breakpoint
CREATE TABLE "catalogue_item_versions" (
	"item_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"category_id" bigint NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"attribute" "disclosure_attribute" NOT NULL,
	"attachment_file_id" bigint,
	"edited_by_id" bigint,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "catalogue_item_versions_item_id_version_pk" PRIMARY KEY("item_id","version")
);
--> statement-breakpoint
CREATE TABLE "disclosure_application_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disclosure_application_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"application_id" bigint NOT NULL,
	"type" text NOT NULL,
	"actor_id" bigint,
	"actor_role" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_applications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disclosure_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tracking_no" text NOT NULL,
	"applicant_id" bigint NOT NULL,
	"applicant_type" "applicant_type" NOT NULL,
	"applicant_name" text NOT NULL,
	"organisation_name" text,
	"credit_code" text,
	"contact_phone" text,
	"contact_address" text,
	"description" text NOT NULL,
	"purpose" text,
	"form" "application_form" NOT NULL,
	"status" "application_status" DEFAULT 'submitted' NOT NULL,
	"received_on" date NOT NULL,
	"clock_start" date,
	"remaining_days" integer,
	"due_on" date,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"extension_reason" text,
	"correction_requested" boolean DEFAULT false NOT NULL,
	"correction_note" text,
	"correction_due_on" date,
	"consultation_note" text,
	"outcome" "application_outcome",
	"outcome_reason" text,
	"reply_body" text,
	"reply_file_id" bigint,
	"answered_at" timestamp with time zone,
	"handler_id" bigint,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "disclosure_applications_trackingNo_unique" UNIQUE("tracking_no"),
	CONSTRAINT "disclosure_applications_extension" CHECK ("disclosure_applications"."extension_days" between 0 and 20)
);
--> statement-breakpoint
CREATE TABLE "disclosure_files" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disclosure_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disclosure_files_publicId_unique" UNIQUE("public_id")
);
--> statement-breakpoint
CREATE TABLE "disclosure_pages" (
	"key" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" bigint
);
--> statement-breakpoint
ALTER TABLE "catalogue_items" ADD COLUMN "attachment_file_id" bigint;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_catalogue_item_id_catalogue_items_id_fk" FOREIGN KEY ("catalogue_item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_item_versions" ADD CONSTRAINT "catalogue_item_versions_item_id_catalogue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_item_versions" ADD CONSTRAINT "catalogue_item_versions_category_id_catalogue_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."catalogue_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_item_versions" ADD CONSTRAINT "catalogue_item_versions_attachment_file_id_disclosure_files_id_fk" FOREIGN KEY ("attachment_file_id") REFERENCES "public"."disclosure_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_item_versions" ADD CONSTRAINT "catalogue_item_versions_edited_by_id_users_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_application_events" ADD CONSTRAINT "disclosure_application_events_application_id_disclosure_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."disclosure_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_application_events" ADD CONSTRAINT "disclosure_application_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD CONSTRAINT "disclosure_applications_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD CONSTRAINT "disclosure_applications_reply_file_id_disclosure_files_id_fk" FOREIGN KEY ("reply_file_id") REFERENCES "public"."disclosure_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD CONSTRAINT "disclosure_applications_handler_id_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_files" ADD CONSTRAINT "disclosure_files_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_pages" ADD CONSTRAINT "disclosure_pages_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosure_application_events_idx" ON "disclosure_application_events" USING btree ("application_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_applications_idempotency" ON "disclosure_applications" USING btree ("applicant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "disclosure_applications_applicant_idx" ON "disclosure_applications" USING btree ("applicant_id","submitted_at");--> statement-breakpoint
CREATE INDEX "disclosure_applications_queue_idx" ON "disclosure_applications" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "disclosure_applications_received_idx" ON "disclosure_applications" USING btree ("received_on");--> statement-breakpoint
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_attachment_file_id_disclosure_files_id_fk" FOREIGN KEY ("attachment_file_id") REFERENCES "public"."disclosure_files"("id") ON DELETE no action ON UPDATE no action;