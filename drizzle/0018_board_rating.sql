ALTER TABLE "archive_entries" ADD COLUMN "rating" "letter_rating";--> statement-breakpoint
-- The writers' ratings of letters already in the archive (kept in step by the letter transitions from now on).
UPDATE "archive_entries" AS e SET "rating" = l."rating" FROM "letters" AS l WHERE l."id" = e."letter_id" AND l."rating" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "catalogue_items_own_idx" ON "catalogue_items" USING btree ("published_at","id") WHERE "catalogue_items"."source_url" is null and "catalogue_items"."status" = 'published' and "catalogue_items"."attribute" = 'proactive';--> statement-breakpoint
CREATE INDEX "archive_entries_letter_kind_idx" ON "archive_entries" USING btree ("status","letter_kind","published_at","id");--> statement-breakpoint
CREATE INDEX "archive_entries_rating_idx" ON "archive_entries" USING btree ("status","rating","published_at","id");