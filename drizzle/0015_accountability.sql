CREATE TYPE "public"."case_kind" AS ENUM('letter', 'application');--> statement-breakpoint
CREATE TABLE "accountability_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"working_days" integer NOT NULL,
	CONSTRAINT "accountability_settings_range" CHECK ("accountability_settings"."working_days" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "case_callbacks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_callbacks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_kind" "case_kind" NOT NULL,
	"case_id" bigint NOT NULL,
	"result" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_ladder_steps" (
	"case_kind" "case_kind" NOT NULL,
	"case_id" bigint NOT NULL,
	"step" text NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_ladder_steps_case_kind_case_id_step_round_pk" PRIMARY KEY("case_kind","case_id","step","round")
);
--> statement-breakpoint
CREATE TABLE "case_supervisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_supervisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_kind" "case_kind" NOT NULL,
	"case_id" bigint NOT NULL,
	"note" text NOT NULL,
	"target_date" date NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_urges" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_urges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_kind" "case_kind" NOT NULL,
	"case_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"urged_on" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "department_bulletins" (
	"month" text NOT NULL,
	"department_id" bigint NOT NULL,
	"figures" jsonb NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_statistics" (
	"month" text PRIMARY KEY NOT NULL,
	"figures" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_callbacks" ADD CONSTRAINT "case_callbacks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_supervisions" ADD CONSTRAINT "case_supervisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_urges" ADD CONSTRAINT "case_urges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_bulletins" ADD CONSTRAINT "department_bulletins_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_callbacks_case_idx" ON "case_callbacks" USING btree ("case_kind","case_id");--> statement-breakpoint
CREATE INDEX "case_supervisions_case_idx" ON "case_supervisions" USING btree ("case_kind","case_id");--> statement-breakpoint
CREATE INDEX "case_supervisions_open_idx" ON "case_supervisions" USING btree ("resolved_at","target_date");--> statement-breakpoint
CREATE INDEX "case_urges_case_idx" ON "case_urges" USING btree ("case_kind","case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "department_bulletins_month_department" ON "department_bulletins" USING btree ("month","department_id");