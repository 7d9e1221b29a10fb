-- The audit trail is append-only: refuse UPDATE, DELETE and TRUNCATE at the database itself.
-- (The hash chain still detects tampering by anyone able to drop these triggers.)
CREATE OR REPLACE FUNCTION lantern_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION lantern_audit_is_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION lantern_audit_is_append_only();
