CREATE INDEX "archive_entries_year_idx" ON "archive_entries" USING btree ("status","year","published_at","id");--> statement-breakpoint
CREATE INDEX "letters_answered_idx" ON "letters" USING btree ("answered_at");--> statement-breakpoint
CREATE INDEX "letters_rated_idx" ON "letters" USING btree ("rated_at");--> statement-breakpoint
CREATE INDEX "letters_submitted_idx" ON "letters" USING btree ("submitted_at");--> statement-breakpoint
-- Hand-written (drizzle has no words for it): bigram vectors (~2 KB) do not compress, so the default EXTENDED storage
-- moved them out of line into TOAST and every row a search checked cost an extra fetch (~60 µs). MAIN keeps them in
-- the row when they fit. docs/BENCHMARKS.md, bench:web.
ALTER TABLE "archive_entries" ALTER COLUMN "search_vector" SET STORAGE MAIN;
