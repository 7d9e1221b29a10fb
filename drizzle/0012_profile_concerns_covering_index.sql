-- The problem profile counts a period's concerns by agency, certainty, urgency and who they were
-- about, and times their first feedback: with these columns in the index it reads only the index.
CREATE INDEX IF NOT EXISTS "concerns_profile_idx" ON "concerns" USING btree ("area_id", "submitted_at") INCLUDE ("raised_by_agency_id", "certainty", "subject_kind", "urgent", "first_feedback_at");
