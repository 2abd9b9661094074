-- Duplicates for staff (lib/letters/duplicates.ts): the title terms a letter's candidates are found by — the distinct
-- pairs of adjacent CJK characters (U+4E00..U+9FFF), as letter_title_bigrams of migration 0033, and now also the
-- Latin/digit words: maximal runs of ASCII letters and digits (full-width ones folded first), lower-cased, of two
-- characters or more ("G15 高速 ETC 扣费" → {g15, etc, 高速, 扣费}). The same as titleTerms() there (a test checks
-- they agree on PGlite and PostgreSQL). Immutable (translate, regexp_matches and lower of ASCII letters are), so a
-- GIN expression index can hold it. Hand-added before the generated statements: drizzle cannot declare functions.
CREATE OR REPLACE FUNCTION letter_title_terms(title text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT t), '{}'::text[]) FROM (
    SELECT substr(title, i, 2) AS t FROM generate_series(1, char_length(title) - 1) AS i
    WHERE substr(title, i, 2) ~ '^[\u4e00-\u9fff]{2}$'
    UNION ALL
    SELECT lower(m[1]) FROM regexp_matches(
      translate(title, 'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９',
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
      '([A-Za-z0-9]{2,})', 'g') AS m
  ) s
$$;--> statement-breakpoint
DROP INDEX "letters_title_bigrams_idx";--> statement-breakpoint
CREATE INDEX "letters_title_terms_idx" ON "letters" USING gin (letter_title_terms("title")) WITH (fastupdate=false);--> statement-breakpoint
-- Nothing else calls the CJK-only function of migration 0033.
DROP FUNCTION letter_title_bigrams(text);
