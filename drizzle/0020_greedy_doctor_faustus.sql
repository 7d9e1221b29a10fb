CREATE TABLE "intelligence_entry_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"as_typed" text NOT NULL,
	"match_key" text,
	"recognised" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "place_match_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"probability" double precision NOT NULL,
	"link_id" uuid,
	"decided_by_user_id" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "place_match_decisions_values" CHECK ("place_match_decisions"."source_kind" in ('missing_episode', 'concern') and "place_match_decisions"."decision" in ('linked', 'dismissed'))
);
--> statement-breakpoint
ALTER TABLE "intelligence_entry_identifiers" ADD CONSTRAINT "intelligence_entry_identifiers_entry_id_intelligence_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."intelligence_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_entry_identifiers" ADD CONSTRAINT "intelligence_entry_identifiers_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_match_decisions" ADD CONSTRAINT "place_match_decisions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_match_decisions" ADD CONSTRAINT "place_match_decisions_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_match_decisions" ADD CONSTRAINT "place_match_decisions_link_id_intelligence_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."intelligence_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_match_decisions" ADD CONSTRAINT "place_match_decisions_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "intelligence_entry_identifiers_key_idx" ON "intelligence_entry_identifiers" USING btree ("area_id","match_key");--> statement-breakpoint
CREATE INDEX "intelligence_entry_identifiers_entry_idx" ON "intelligence_entry_identifiers" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "place_match_decisions_key" ON "place_match_decisions" USING btree ("place_id","source_kind","source_id");--> statement-breakpoint
CREATE INDEX "place_match_decisions_source_idx" ON "place_match_decisions" USING btree ("source_kind","source_id");