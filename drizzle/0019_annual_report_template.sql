CREATE TYPE "public"."application_reason_code" AS ENUM('state_secret', 'law_forbids', 'three_safeties_one_stability', 'third_party', 'internal_affairs', 'process_information', 'enforcement_files', 'query_matter', 'not_held', 'needs_creation', 'unclear_after_correction', 'petition_or_complaint', 'repeated', 'publications', 'excessive_or_abusive', 'confirm_or_reissue', 'no_correction', 'fee_not_paid', 'other');--> statement-breakpoint
CREATE TYPE "public"."disclosure_review_kind" AS ENUM('reconsideration', 'litigation_direct', 'litigation_after');--> statement-breakpoint
CREATE TYPE "public"."disclosure_review_outcome" AS ENUM('upheld', 'corrected', 'other', 'pending');--> statement-breakpoint
CREATE TABLE "annual_report_figures" (
	"year" integer NOT NULL,
	"cell" text NOT NULL,
	"value" numeric(14, 4) NOT NULL,
	"updated_by_id" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "annual_report_figures_year_cell_pk" PRIMARY KEY("year","cell"),
	CONSTRAINT "annual_report_figures_year" CHECK ("annual_report_figures"."year" between 2000 and 2999)
);
--> statement-breakpoint
CREATE TABLE "disclosure_reviews" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disclosure_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "disclosure_review_kind" NOT NULL,
	"application_id" bigint,
	"filed_on" date NOT NULL,
	"outcome" "disclosure_review_outcome" NOT NULL,
	"note" text,
	"created_by_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD COLUMN "reason_code" "application_reason_code";--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD COLUMN "fee_amount_fen" integer;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD COLUMN "fee_notified_on" date;--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD COLUMN "fee_paid_on" date;--> statement-breakpoint
ALTER TABLE "annual_report_figures" ADD CONSTRAINT "annual_report_figures_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_reviews" ADD CONSTRAINT "disclosure_reviews_application_id_disclosure_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."disclosure_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_reviews" ADD CONSTRAINT "disclosure_reviews_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosure_reviews_filed_idx" ON "disclosure_reviews" USING btree ("filed_on");--> statement-breakpoint
ALTER TABLE "disclosure_applications" ADD CONSTRAINT "disclosure_applications_fee" CHECK ("disclosure_applications"."fee_amount_fen" is null or "disclosure_applications"."fee_amount_fen" > 0);