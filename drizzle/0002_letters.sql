CREATE TYPE "public"."letter_kind" AS ENUM('inquiry', 'complaint', 'suggestion');--> statement-breakpoint
CREATE TYPE "public"."letter_message_kind" AS ENUM('answer', 'info_request', 'info_provided');--> statement-breakpoint
CREATE TYPE "public"."letter_status" AS ENUM('submitted', 'accepted', 'needs_info', 'answered', 'closed', 'not_accepted');--> statement-breakpoint
CREATE TYPE "public"."letter_rating" AS ENUM('satisfied', 'basically_satisfied', 'unsatisfied');--> statement-breakpoint
CREATE TABLE "letter_counters" (
	"day" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_deadlines" (
	"key" text PRIMARY KEY NOT NULL,
	"working_days" integer NOT NULL,
	CONSTRAINT "letter_deadlines_range" CHECK ("letter_deadlines"."working_days" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "letter_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "letter_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"letter_id" bigint NOT NULL,
	"type" text NOT NULL,
	"actor_id" bigint,
	"actor_role" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "letter_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"letter_id" bigint NOT NULL,
	"kind" "letter_message_kind" NOT NULL,
	"author_id" bigint NOT NULL,
	"department_id" bigint,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letters" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "letters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tracking_no" text NOT NULL,
	"query_code" text NOT NULL,
	"kind" "letter_kind" NOT NULL,
	"status" "letter_status" DEFAULT 'submitted' NOT NULL,
	"writer_id" bigint NOT NULL,
	"requested_department_id" bigint,
	"department_id" bigint,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"consent_to_publish" boolean NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"clock_start" date,
	"remaining_days" integer,
	"due_on" date,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"reopened" boolean DEFAULT false NOT NULL,
	"rating" "letter_rating",
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"idempotency_key" text,
	CONSTRAINT "letters_trackingNo_unique" UNIQUE("tracking_no"),
	CONSTRAINT "letters_extension_range" CHECK ("letters"."extension_days" between 0 and 30)
);
--> statement-breakpoint
CREATE TABLE "reply_templates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reply_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"department_id" bigint,
	"title" text NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "email_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "letter_events" ADD CONSTRAINT "letter_events_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_events" ADD CONSTRAINT "letter_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_messages" ADD CONSTRAINT "letter_messages_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_messages" ADD CONSTRAINT "letter_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_messages" ADD CONSTRAINT "letter_messages_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_writer_id_users_id_fk" FOREIGN KEY ("writer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_requested_department_id_departments_id_fk" FOREIGN KEY ("requested_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_templates" ADD CONSTRAINT "reply_templates_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letter_events_letter_idx" ON "letter_events" USING btree ("letter_id","id");--> statement-breakpoint
CREATE INDEX "letter_messages_letter_idx" ON "letter_messages" USING btree ("letter_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_writer_idempotency" ON "letters" USING btree ("writer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "letters_writer_idx" ON "letters" USING btree ("writer_id","submitted_at");--> statement-breakpoint
CREATE INDEX "letters_queue_idx" ON "letters" USING btree ("department_id","status","due_on");--> statement-breakpoint
CREATE INDEX "letters_status_idx" ON "letters" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "email_outbox_pending_idx" ON "email_outbox" USING btree ("sent_at","id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");