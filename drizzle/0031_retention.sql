CREATE TABLE "legal_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"record_kind" text NOT NULL,
	"record_id" text NOT NULL,
	"reference" text NOT NULL,
	"reason" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	"set_by_user_id" uuid NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by_user_id" uuid,
	"lift_reason" text
);
--> statement-breakpoint
CREATE TABLE "retention_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by_user_id" uuid,
	CONSTRAINT "retention_batches_number_unique" UNIQUE("number"),
	CONSTRAINT "retention_batches_status" CHECK ("retention_batches"."status" in ('open', 'confirmed'))
);
--> statement-breakpoint
CREATE TABLE "retention_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"record_kind" text NOT NULL,
	"record_id" text NOT NULL,
	"reference" text NOT NULL,
	"due_on" date NOT NULL,
	"rule" text NOT NULL,
	"facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decision" text,
	"keep_reason" text,
	"next_review_on" date,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "retention_items_decision" CHECK ("retention_items"."decision" is null or "retention_items"."decision" in ('keep', 'erase')),
	CONSTRAINT "retention_items_keep_has_reason" CHECK ("retention_items"."decision" is distinct from 'keep' or ("retention_items"."keep_reason" is not null and "retention_items"."next_review_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "personal_digest" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "personal_nonce" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "redacted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_set_by_user_id_users_id_fk" FOREIGN KEY ("set_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_lifted_by_user_id_users_id_fk" FOREIGN KEY ("lifted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_batches" ADD CONSTRAINT "retention_batches_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_batches" ADD CONSTRAINT "retention_batches_confirmed_by_user_id_users_id_fk" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_items" ADD CONSTRAINT "retention_items_batch_id_retention_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."retention_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_items" ADD CONSTRAINT "retention_items_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_items" ADD CONSTRAINT "retention_items_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "legal_holds_one_in_force" ON "legal_holds" USING btree ("record_kind","record_id") WHERE "legal_holds"."lifted_at" is null;--> statement-breakpoint
CREATE INDEX "legal_holds_area_idx" ON "legal_holds" USING btree ("area_id","lifted_at");--> statement-breakpoint
CREATE INDEX "retention_batches_area_idx" ON "retention_batches" USING btree ("area_id","status");--> statement-breakpoint
CREATE INDEX "retention_items_batch_idx" ON "retention_items" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "retention_items_record_idx" ON "retention_items" USING btree ("record_kind","record_id");--> statement-breakpoint
-- Redaction (decision "audit rows redactable by a separate personal digest"): the trail stays
-- append-only, except that a row written with a personal digest may, once, have its IP address,
-- reason and nonce set to null with redacted_at set, and nothing else changed. Its hash covers the
-- digest, not those fields, so the chain still verifies; verification also requires a redact row
-- in the trail naming it. Older rows (no digest) can never be changed.
CREATE OR REPLACE FUNCTION lantern_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.personal_digest IS NOT NULL AND OLD.redacted_at IS NULL
       AND NEW.redacted_at IS NOT NULL AND NEW.ip IS NULL AND NEW.reason IS NULL AND NEW.personal_nonce IS NULL
       AND (NEW.id, NEW.chain, NEW.chain_seq, NEW.occurred_at, NEW.actor_user_id, NEW.actor_agency_id, NEW.actor_role, NEW.area_id, NEW.action,
            NEW.record_kind, NEW.record_id, NEW.outcome, NEW.request_id, NEW.details, NEW.personal_digest, NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.chain, OLD.chain_seq, OLD.occurred_at, OLD.actor_user_id, OLD.actor_agency_id, OLD.actor_role, OLD.area_id, OLD.action,
            OLD.record_kind, OLD.record_id, OLD.outcome, OLD.request_id, OLD.details, OLD.personal_digest, OLD.prev_hash, OLD.hash) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
