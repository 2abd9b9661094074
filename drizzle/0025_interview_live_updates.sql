CREATE TABLE "interview_updates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "interview_updates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"interview_id" bigint NOT NULL,
	"author_id" bigint NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"image" "bytea",
	"image_small" "bytea",
	"image_width" integer,
	"image_height" integer,
	"image_sha256" text,
	"alt" text,
	"caption" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retracted_at" timestamp with time zone,
	"retracted_by_id" bigint,
	CONSTRAINT "interview_updates_publicId_unique" UNIQUE("public_id"),
	CONSTRAINT "interview_updates_alt" CHECK ("interview_updates"."image" is null or ("interview_updates"."alt" is not null and length("interview_updates"."alt") > 0))
);
--> statement-breakpoint
ALTER TABLE "interview_updates" ADD CONSTRAINT "interview_updates_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_updates" ADD CONSTRAINT "interview_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_updates" ADD CONSTRAINT "interview_updates_retracted_by_id_users_id_fk" FOREIGN KEY ("retracted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interview_updates_interview_idx" ON "interview_updates" USING btree ("interview_id","id");