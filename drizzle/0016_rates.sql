CREATE TABLE "letter_rate_facts" (
	"letter_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"day" date NOT NULL,
	"department_id" bigint NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"accepted_timed" integer DEFAULT 0 NOT NULL,
	"accepted_on_time" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"answered_timed" integer DEFAULT 0 NOT NULL,
	"answered_on_time" integer DEFAULT 0 NOT NULL,
	"days_counted" integer DEFAULT 0 NOT NULL,
	"working_days" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"urged" integer DEFAULT 0 NOT NULL,
	"supervised" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "letter_rate_facts_letter_id_seq_pk" PRIMARY KEY("letter_id","seq")
);
--> statement-breakpoint
CREATE TABLE "rate_daily" (
	"day" date NOT NULL,
	"department_id" bigint NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"accepted_timed" integer DEFAULT 0 NOT NULL,
	"accepted_on_time" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"answered_timed" integer DEFAULT 0 NOT NULL,
	"answered_on_time" integer DEFAULT 0 NOT NULL,
	"days_counted" integer DEFAULT 0 NOT NULL,
	"working_days" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"urged" integer DEFAULT 0 NOT NULL,
	"supervised" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_daily_day_department_id_pk" PRIMARY KEY("day","department_id")
);
--> statement-breakpoint
CREATE TABLE "rate_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"safe_event_id" bigint DEFAULT 0 NOT NULL,
	"window_count" bigint DEFAULT 0 NOT NULL,
	"window_max" bigint DEFAULT 0 NOT NULL,
	"fingerprint" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_daily_department_idx" ON "rate_daily" USING btree ("department_id","day");