CREATE TABLE "compliance_alerts" (
	"indicator" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "letters_open_due_idx" ON "letters" USING btree ("due_on","submitted_at","tracking_no") WHERE "letters"."status" in ('submitted', 'accepted', 'needs_info');--> statement-breakpoint
CREATE INDEX "letters_open_department_due_idx" ON "letters" USING btree ("department_id","due_on","submitted_at","tracking_no") WHERE "letters"."status" in ('submitted', 'accepted', 'needs_info');