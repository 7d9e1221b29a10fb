-- A risk instrument version is frozen once it is published or used by an assessment: its
-- content can change only while it is an unused draft, and its status only moves forward
-- (draft -> published -> retired). Only drafts may be deleted.
CREATE OR REPLACE FUNCTION lantern_instrument_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'instrument version % is % and cannot be deleted', OLD.version, OLD.status;
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.instrument IS DISTINCT FROM OLD.instrument OR NEW.version <> OLD.version
     OR NEW.area_id <> OLD.area_id OR NEW.instrument_id <> OLD.instrument_id THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'instrument version % is % and cannot be changed; publish a new version instead', OLD.version, OLD.status;
    END IF;
    IF EXISTS (SELECT 1 FROM risk_assessments WHERE instrument_version_id = OLD.id)
       OR EXISTS (SELECT 1 FROM assessment_drafts WHERE instrument_version_id = OLD.id) THEN
      RAISE EXCEPTION 'instrument version % has been used by an assessment and cannot be changed', OLD.version;
    END IF;
  END IF;
  IF NEW.status <> OLD.status AND NOT ((OLD.status = 'draft' AND NEW.status = 'published') OR (OLD.status = 'published' AND NEW.status = 'retired')) THEN
    RAISE EXCEPTION 'instrument version % cannot go from % to %', OLD.version, OLD.status, NEW.status;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER instrument_versions_frozen BEFORE UPDATE OR DELETE ON instrument_versions
  FOR EACH ROW EXECUTE FUNCTION lantern_instrument_versions_frozen();
--> statement-breakpoint
-- A submitted risk assessment is a record of what was decided: nothing in it changes except
-- the mark that a later assessment has replaced it as the current one, and the young person it
-- belongs to when two records of the same child are merged (or the merge undone). Never deleted.
CREATE OR REPLACE FUNCTION lantern_risk_assessments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'risk assessments cannot be deleted';
  END IF;
  IF (to_jsonb(NEW) - 'superseded_at' - 'young_person_id') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at' - 'young_person_id') THEN
    RAISE EXCEPTION 'a submitted risk assessment cannot be changed';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER risk_assessments_immutable BEFORE UPDATE OR DELETE ON risk_assessments
  FOR EACH ROW EXECUTE FUNCTION lantern_risk_assessments_immutable();
