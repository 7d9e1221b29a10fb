-- Chain heads only move forward: the application may advance a head, never move it back, delete
-- it or empty the table. (Cutting rows off a chain's end is also caught by the signed checkpoints.)
CREATE OR REPLACE FUNCTION lantern_audit_head_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.chain = OLD.chain AND NEW.last_seq > OLD.last_seq THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit chain heads only move forward';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_forward BEFORE UPDATE OR DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION lantern_audit_head_moves_forward();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION lantern_audit_head_moves_forward();
--> statement-breakpoint
-- lantern_app: the group role the running application's login role belongs to (see the README,
-- "PostgreSQL with a separate application role"). It owns nothing, so it cannot alter a table or
-- its triggers; it is not a superuser, so it cannot set session_replication_role; it may read and
-- write records, but only add to the audit trail. Where the migrating role may not create roles,
-- this step is skipped with a notice and Lantern keeps working as one role.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lantern_app') THEN
    BEGIN
      CREATE ROLE lantern_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL; -- another database on this server made it first
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'lantern_app was not created: this role may not create roles';
        RETURN;
    END;
  END IF;
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO lantern_app', current_database());
  GRANT USAGE ON SCHEMA public TO lantern_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO lantern_app;
  REVOKE UPDATE, DELETE ON audit_events FROM lantern_app;
  REVOKE DELETE ON audit_chain_heads FROM lantern_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO lantern_app;
  -- Tables and sequences that later migrations create get the same rights.
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lantern_app;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO lantern_app;
END;
$$;
