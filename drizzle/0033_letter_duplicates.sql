-- Duplicates for staff (lib/letters/duplicates.ts): the distinct pairs of adjacent CJK characters (U+4E00..U+9FFF)
-- of a letter's title, the same as titleBigrams() there. Immutable, so a GIN expression index can hold it.
CREATE OR REPLACE FUNCTION letter_title_bigrams(title text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (SELECT substr(title, i, 2) AS g FROM generate_series(1, char_length(title) - 1) AS i) s
  WHERE g ~ '^[\u4e00-\u9fff]{2}$'
$$;--> statement-breakpoint
CREATE INDEX "letters_topic_recent_idx" ON "letters" USING btree ("topic_id","submitted_at");--> statement-breakpoint
CREATE INDEX "letters_district_recent_idx" ON "letters" USING btree ("district_id","submitted_at");--> statement-breakpoint
CREATE INDEX "letters_title_bigrams_idx" ON "letters" USING gin (letter_title_bigrams("title")) WITH (fastupdate=false);