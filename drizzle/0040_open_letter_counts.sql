CREATE TABLE "open_letter_count_deltas" (
	"department_id" bigint,
	"delta" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "open_letter_count_deltas_department_idx" ON "open_letter_count_deltas" USING btree ("department_id");--> statement-breakpoint
-- The supervision board's open-letter count, kept by the database (lib/accountability/schema.ts openLetterCountDeltas):
-- a letter entering the open states (or moving department while open) adds +1 for its department, leaving them
-- (or moving away) −1 for the old one. The open states are those of the board's partial indexes (letters_open_*).
CREATE OR REPLACE FUNCTION open_letter_count_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  was_open boolean := false;
  is_open boolean := false;
  moved boolean := false;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    was_open := OLD.status IN ('submitted', 'accepted', 'needs_info');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    is_open := NEW.status IN ('submitted', 'accepted', 'needs_info');
  END IF;
  IF TG_OP = 'UPDATE' THEN
    moved := OLD.department_id IS DISTINCT FROM NEW.department_id;
  END IF;
  IF was_open AND (NOT is_open OR moved) THEN
    INSERT INTO open_letter_count_deltas (department_id, delta) VALUES (OLD.department_id, -1);
  END IF;
  IF is_open AND (NOT was_open OR moved) THEN
    INSERT INTO open_letter_count_deltas (department_id, delta) VALUES (NEW.department_id, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER letters_open_count
  AFTER INSERT OR DELETE OR UPDATE OF status, department_id ON letters
  FOR EACH ROW EXECUTE FUNCTION open_letter_count_change();
--> statement-breakpoint
-- The letters already there.
INSERT INTO open_letter_count_deltas (department_id, delta)
  SELECT department_id, count(*) FROM letters WHERE status IN ('submitted', 'accepted', 'needs_info') GROUP BY department_id;
