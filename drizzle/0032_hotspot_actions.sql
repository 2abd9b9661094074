CREATE TABLE "action_letters" (
	"action_id" bigint NOT NULL,
	"letter_id" bigint NOT NULL,
	CONSTRAINT "action_letters_action_id_letter_id_pk" PRIMARY KEY("action_id","letter_id")
);
--> statement-breakpoint
CREATE TABLE "action_milestones" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "action_milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"action_id" bigint NOT NULL,
	"title" text NOT NULL,
	"target_on" date NOT NULL,
	"done_on" date,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "action_milestones_publicId_unique" UNIQUE("public_id")
);
--> statement-breakpoint
CREATE TABLE "hotspot_actions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hotspot_actions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"owner_department_id" bigint,
	"owner_user_id" bigint,
	"source_kind" text,
	"source_key" text,
	"source_week" text,
	"created_by_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "hotspot_actions_publicId_unique" UNIQUE("public_id"),
	CONSTRAINT "hotspot_actions_one_owner" CHECK (("hotspot_actions"."owner_department_id" is null) <> ("hotspot_actions"."owner_user_id" is null))
);
--> statement-breakpoint
ALTER TABLE "action_letters" ADD CONSTRAINT "action_letters_action_id_hotspot_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."hotspot_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_letters" ADD CONSTRAINT "action_letters_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_milestones" ADD CONSTRAINT "action_milestones_action_id_hotspot_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."hotspot_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotspot_actions" ADD CONSTRAINT "hotspot_actions_owner_department_id_departments_id_fk" FOREIGN KEY ("owner_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotspot_actions" ADD CONSTRAINT "hotspot_actions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotspot_actions" ADD CONSTRAINT "hotspot_actions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_milestones_action_idx" ON "action_milestones" USING btree ("action_id","sort_order");--> statement-breakpoint
CREATE INDEX "hotspot_actions_created_idx" ON "hotspot_actions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "letters_hotspot_idx" ON "letters" USING btree ("submitted_at","topic_id","district_id");