CREATE TABLE "young_person_facts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"young_person_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"fact" text NOT NULL,
	"value" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "young_person_facts_period_check" CHECK ("young_person_facts"."valid_to" is null or "young_person_facts"."valid_to" > "young_person_facts"."valid_from"),
	CONSTRAINT "young_person_facts_superseded_check" CHECK ("young_person_facts"."superseded_at" is null or "young_person_facts"."superseded_at" >= "young_person_facts"."recorded_at")
);
--> statement-breakpoint
ALTER TABLE "young_people" ADD COLUMN "looked_after" text DEFAULT 'not_recorded' NOT NULL;--> statement-breakpoint
ALTER TABLE "young_people" ADD COLUMN "earlier_missing_episodes" integer;--> statement-breakpoint
ALTER TABLE "young_person_facts" ADD CONSTRAINT "young_person_facts_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_person_facts" ADD CONSTRAINT "young_person_facts_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "young_person_facts_yp_idx" ON "young_person_facts" USING btree ("young_person_id","fact","valid_from");--> statement-breakpoint
CREATE INDEX "young_person_facts_area_idx" ON "young_person_facts" USING btree ("area_id","valid_from");--> statement-breakpoint
-- Looked-after status is kept apart from where the young person lives; the placements that meant it say so.
UPDATE young_people SET looked_after = 'yes' WHERE living_arrangement LIKE 'looked_after_%';
--> statement-breakpoint
-- The history behind the figures (decision record 00NN). lantern_set_fact is the one writer of
-- young_person_facts: it says that from p_from a fact of a young person has p_value (null: not
-- recorded), until the next change already on record. The period it falls in is closed as
-- superseded and written again in pieces, so what was known before the change stays readable.
CREATE OR REPLACE FUNCTION lantern_set_fact(p_yp uuid, p_area uuid, p_fact text, p_value jsonb, p_from date, p_recorded timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cur young_person_facts%ROWTYPE;
  nxt date;
  rec timestamptz;
BEGIN
  SELECT * INTO cur FROM young_person_facts
   WHERE young_person_id = p_yp AND fact = p_fact AND superseded_at IS NULL
     AND valid_from <= p_from AND (valid_to IS NULL OR valid_to > p_from)
   FOR UPDATE;
  IF FOUND THEN
    IF cur.value IS NOT DISTINCT FROM p_value THEN RETURN; END IF;
    rec := greatest(p_recorded, cur.recorded_at);
    UPDATE young_person_facts SET superseded_at = rec WHERE id = cur.id;
    IF cur.valid_from < p_from THEN
      INSERT INTO young_person_facts (young_person_id, area_id, fact, value, valid_from, valid_to, recorded_at)
      VALUES (p_yp, cur.area_id, p_fact, cur.value, cur.valid_from, p_from, rec);
    END IF;
    IF p_value IS NOT NULL THEN
      INSERT INTO young_person_facts (young_person_id, area_id, fact, value, valid_from, valid_to, recorded_at)
      VALUES (p_yp, p_area, p_fact, p_value, p_from, cur.valid_to, rec);
    END IF;
  ELSIF p_value IS NOT NULL THEN
    SELECT min(valid_from) INTO nxt FROM young_person_facts
     WHERE young_person_id = p_yp AND fact = p_fact AND superseded_at IS NULL AND valid_from > p_from;
    INSERT INTO young_person_facts (young_person_id, area_id, fact, value, valid_from, valid_to, recorded_at)
    VALUES (p_yp, p_area, p_fact, p_value, p_from, nxt, p_recorded);
  END IF;
END;
$$;
--> statement-breakpoint
-- Every write to a young person's counted columns writes their history in the same transaction.
-- The day a change took effect is lantern.facts_from when the writer says so (history.ts), else
-- the day it is recorded; a record's first values hold from the day it was opened.
CREATE OR REPLACE FUNCTION lantern_young_people_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rec timestamptz := coalesce(nullif(current_setting('lantern.facts_recorded_at', true), '')::timestamptz, now());
  eff date;
  old_m jsonb := '{}'::jsonb;
  k text;
  level_from date;
BEGIN
  IF current_setting('lantern.facts_sync', true) = 'on' THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    eff := coalesce(NEW.opened_on, (NEW.created_at AT TIME ZONE 'Europe/London')::date);
    PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'cse_work', '"open"'::jsonb, eff, rec);
    IF NEW.closed_on IS NOT NULL THEN PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'cse_work', '"closed"'::jsonb, NEW.closed_on, rec); END IF;
  ELSE
    old_m := OLD.monitoring;
    eff := coalesce(nullif(current_setting('lantern.facts_from', true), '')::date, (rec AT TIME ZONE 'Europe/London')::date);
    IF NEW.opened_on IS DISTINCT FROM OLD.opened_on AND NEW.opened_on IS NOT NULL THEN
      -- The opening moves: the period that began on the old day no longer begins there. Moved
      -- later, the days before are not open; moved earlier, the old day is no change (left in
      -- place it would stand as one, and a closure dated before it would end there).
      IF OLD.opened_on IS NOT NULL AND (NEW.opened_on > OLD.opened_on OR EXISTS (
           SELECT 1 FROM young_person_facts f WHERE f.young_person_id = NEW.id AND f.fact = 'cse_work' AND f.superseded_at IS NULL
              AND f.valid_from = OLD.opened_on AND f.value = '"open"'::jsonb)) THEN
        PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'cse_work', NULL, OLD.opened_on, rec);
      END IF;
      PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'cse_work', '"open"'::jsonb, NEW.opened_on, rec);
    END IF;
    IF NEW.closed_on IS DISTINCT FROM OLD.closed_on THEN
      IF NEW.closed_on IS NOT NULL THEN
        IF OLD.closed_on IS NOT NULL AND NEW.closed_on > OLD.closed_on THEN
          PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'cse_work', '"open"'::jsonb, OLD.closed_on, rec);
        END IF;
        PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'cse_work', '"closed"'::jsonb, NEW.closed_on, rec);
      ELSE
        PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'cse_work', '"open"'::jsonb, greatest(eff, OLD.closed_on), rec);
      END IF;
    END IF;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.risk_level IS DISTINCT FROM OLD.risk_level THEN
    level_from := CASE WHEN NEW.risk_level_set_at IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.risk_level_set_at IS DISTINCT FROM OLD.risk_level_set_at)
                       THEN (NEW.risk_level_set_at AT TIME ZONE 'Europe/London')::date ELSE eff END;
    PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'level', to_jsonb(NEW.risk_level), level_from, rec);
  END IF;
  IF TG_OP = 'INSERT' OR NEW.living_arrangement IS DISTINCT FROM OLD.living_arrangement THEN
    PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'living_arrangement', CASE WHEN NEW.living_arrangement = 'not_recorded' THEN NULL ELSE to_jsonb(NEW.living_arrangement) END, eff, rec);
  END IF;
  IF TG_OP = 'INSERT' OR NEW.looked_after IS DISTINCT FROM OLD.looked_after THEN
    PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'looked_after', CASE WHEN NEW.looked_after = 'not_recorded' THEN NULL ELSE to_jsonb(NEW.looked_after) END, eff, rec);
  END IF;
  IF TG_OP = 'INSERT' OR NEW.prior_involvement IS DISTINCT FROM OLD.prior_involvement THEN
    PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'prior_involvement', CASE WHEN NEW.prior_involvement = 'not_recorded' THEN NULL ELSE to_jsonb(NEW.prior_involvement) END, eff, rec);
  END IF;
  IF TG_OP = 'INSERT' OR NEW.earlier_missing_episodes IS DISTINCT FROM OLD.earlier_missing_episodes THEN
    PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'earlier_missing_episodes', to_jsonb(NEW.earlier_missing_episodes), eff, rec);
  END IF;
  IF TG_OP = 'INSERT' OR NEW.monitoring IS DISTINCT FROM old_m THEN
    FOR k IN SELECT jsonb_object_keys(old_m || NEW.monitoring) LOOP
      IF TG_OP = 'INSERT' OR (NEW.monitoring -> k) IS DISTINCT FROM (old_m -> k) THEN
        PERFORM lantern_set_fact(NEW.id, NEW.area_id, 'm:' || k, NEW.monitoring -> k, eff, rec);
      END IF;
    END LOOP;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER young_people_facts AFTER INSERT OR UPDATE ON young_people
  FOR EACH ROW EXECUTE FUNCTION lantern_young_people_facts();
--> statement-breakpoint
-- An agency is in the team around the child while any of its members is; a member added with the
-- record itself (the same transaction) counts from the day the record was opened.
CREATE OR REPLACE FUNCTION lantern_team_members_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rec timestamptz := coalesce(nullif(current_setting('lantern.facts_recorded_at', true), '')::timestamptz, now());
  yp young_people%ROWTYPE;
  present boolean;
  day date;
BEGIN
  IF current_setting('lantern.facts_sync', true) = 'on' THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND NEW.removed_at IS NOT DISTINCT FROM OLD.removed_at AND NEW.agency_id = OLD.agency_id AND NEW.young_person_id = OLD.young_person_id THEN RETURN NEW; END IF;
  SELECT * INTO yp FROM young_people WHERE id = NEW.young_person_id;
  present := EXISTS (SELECT 1 FROM team_members WHERE young_person_id = NEW.young_person_id AND agency_id = NEW.agency_id AND removed_at IS NULL);
  day := coalesce(nullif(current_setting('lantern.facts_from', true), '')::date,
                  CASE WHEN NEW.removed_at IS NOT NULL THEN (NEW.removed_at AT TIME ZONE 'Europe/London')::date
                       WHEN yp.created_at = now() THEN coalesce(yp.opened_on, (yp.created_at AT TIME ZONE 'Europe/London')::date)
                       ELSE (NEW.added_at AT TIME ZONE 'Europe/London')::date END);
  PERFORM lantern_set_fact(NEW.young_person_id, yp.area_id, 'team:' || NEW.agency_id::text, CASE WHEN present THEN 'true'::jsonb ELSE NULL END, day, rec);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER team_members_facts AFTER INSERT OR UPDATE ON team_members
  FOR EACH ROW EXECUTE FUNCTION lantern_team_members_facts();
--> statement-breakpoint
-- History for the records already held, from their current values, from the day each was opened
-- (levels from each risk assessment and the latest decision, on the days they were made).
INSERT INTO young_person_facts (young_person_id, area_id, fact, value, valid_from, valid_to, recorded_at)
SELECT yp.id, yp.area_id, 'cse_work', '"open"'::jsonb, o.day, yp.closed_on, yp.created_at
  FROM young_people yp CROSS JOIN LATERAL (SELECT coalesce(yp.opened_on, (yp.created_at AT TIME ZONE 'Europe/London')::date) AS day) o
 WHERE yp.closed_on IS NULL OR yp.closed_on > o.day
UNION ALL
SELECT yp.id, yp.area_id, 'cse_work', '"closed"'::jsonb, yp.closed_on, NULL, yp.created_at FROM young_people yp WHERE yp.closed_on IS NOT NULL
UNION ALL
SELECT yp.id, yp.area_id, f.fact, f.value, coalesce(yp.opened_on, (yp.created_at AT TIME ZONE 'Europe/London')::date), NULL, yp.created_at
  FROM young_people yp
  CROSS JOIN LATERAL (VALUES
    ('living_arrangement', CASE WHEN yp.living_arrangement = 'not_recorded' THEN NULL ELSE to_jsonb(yp.living_arrangement) END),
    ('looked_after', CASE WHEN yp.looked_after = 'not_recorded' THEN NULL ELSE to_jsonb(yp.looked_after) END),
    ('prior_involvement', CASE WHEN yp.prior_involvement = 'not_recorded' THEN NULL ELSE to_jsonb(yp.prior_involvement) END),
    ('earlier_missing_episodes', to_jsonb(yp.earlier_missing_episodes))
  ) AS f(fact, value)
 WHERE f.value IS NOT NULL
UNION ALL
SELECT yp.id, yp.area_id, 'm:' || m.key, m.value, coalesce(yp.opened_on, (yp.created_at AT TIME ZONE 'Europe/London')::date), NULL, yp.created_at
  FROM young_people yp CROSS JOIN LATERAL jsonb_each(yp.monitoring) m
UNION ALL
SELECT DISTINCT yp.id, yp.area_id, 'team:' || tm.agency_id::text, 'true'::jsonb, coalesce(yp.opened_on, (yp.created_at AT TIME ZONE 'Europe/London')::date), NULL::date, yp.created_at
  FROM young_people yp JOIN team_members tm ON tm.young_person_id = yp.id AND tm.removed_at IS NULL;
--> statement-breakpoint
INSERT INTO young_person_facts (young_person_id, area_id, fact, value, valid_from, valid_to, recorded_at)
SELECT young_person_id, area_id, 'level', to_jsonb(level), day, lead(day) OVER (PARTITION BY young_person_id ORDER BY day), created_at
  FROM (
    SELECT DISTINCT ON (d.young_person_id, d.day) d.young_person_id, d.area_id, d.level, d.day, d.created_at
      FROM (
        SELECT ra.young_person_id, yp.area_id, ra.level, (ra.assessed_at AT TIME ZONE 'Europe/London')::date AS day, ra.assessed_at AS at, yp.created_at
          FROM risk_assessments ra JOIN young_people yp ON yp.id = ra.young_person_id
        UNION ALL
        SELECT yp.id, yp.area_id, yp.risk_level, coalesce((yp.risk_level_set_at AT TIME ZONE 'Europe/London')::date, yp.opened_on, (yp.created_at AT TIME ZONE 'Europe/London')::date),
               coalesce(yp.risk_level_set_at, yp.created_at), yp.created_at
          FROM young_people yp WHERE yp.risk_level IS NOT NULL
      ) d
     ORDER BY d.young_person_id, d.day, d.at DESC
  ) latest;
