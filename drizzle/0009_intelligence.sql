CREATE TABLE "adults_of_concern" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"date_of_birth" date,
	"approximate_age" integer,
	"description" text,
	"addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"other_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'suspected' NOT NULL,
	"mappa" text DEFAULT 'not_known' NOT NULL,
	"known_since" date DEFAULT current_date NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adults_of_concern_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "disruption_subjects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"disruption_id" uuid NOT NULL,
	"adult_id" uuid,
	"place_id" uuid,
	"young_person_id" uuid,
	CONSTRAINT "disruption_subjects_one" CHECK (num_nonnulls("disruption_subjects"."adult_id", "disruption_subjects"."place_id", "disruption_subjects"."young_person_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "disruptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"details" text,
	"outcome" text,
	"outcome_reason" text,
	"support_given" text,
	"follows_id" uuid,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_by_agency_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disruptions_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "intelligence_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"text" text NOT NULL,
	"sanitised_text" text NOT NULL,
	"source_kind" text NOT NULL,
	"received_on" date NOT NULL,
	"source_grade" text NOT NULL,
	"intelligence_grade" text NOT NULL,
	"handling" text NOT NULL,
	"handling_conditions" text,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_by_agency_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intelligence_entries_number_unique" UNIQUE("number"),
	CONSTRAINT "intelligence_entries_grade" CHECK ("intelligence_entries"."source_grade" in ('1','2','3') and "intelligence_entries"."intelligence_grade" in ('A','B','C','D','E') and "intelligence_entries"."handling" in ('P','C'))
);
--> statement-breakpoint
CREATE TABLE "intelligence_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"adult_id" uuid,
	"associate_adult_id" uuid,
	"place_id" uuid,
	"young_person_id" uuid,
	"link_kind" text NOT NULL,
	"source_kind" text DEFAULT 'officer' NOT NULL,
	"source_id" uuid,
	"occurred_on" date,
	"recorded_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intelligence_links_two_ends" CHECK (num_nonnulls("intelligence_links"."adult_id", "intelligence_links"."associate_adult_id", "intelligence_links"."place_id", "intelligence_links"."young_person_id") = 2)
);
--> statement-breakpoint
CREATE TABLE "intelligence_subjects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"adult_id" uuid,
	"place_id" uuid,
	"young_person_id" uuid,
	CONSTRAINT "intelligence_subjects_one" CHECK (num_nonnulls("intelligence_subjects"."adult_id", "intelligence_subjects"."place_id", "intelligence_subjects"."young_person_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "places_of_concern" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address_line" text,
	"town" text,
	"postcode" text,
	"opening_hours" text,
	"run_by" text,
	"licensing_authority" text,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "places_of_concern_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "record_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"adult_id" uuid,
	"place_id" uuid,
	"kind" text NOT NULL,
	"as_typed" text NOT NULL,
	"match_key" text,
	"recognised" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_identifiers_one_owner" CHECK (num_nonnulls("record_identifiers"."adult_id", "record_identifiers"."place_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "adults_of_concern" ADD CONSTRAINT "adults_of_concern_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adults_of_concern" ADD CONSTRAINT "adults_of_concern_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disruption_subjects" ADD CONSTRAINT "disruption_subjects_disruption_id_disruptions_id_fk" FOREIGN KEY ("disruption_id") REFERENCES "public"."disruptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disruption_subjects" ADD CONSTRAINT "disruption_subjects_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disruption_subjects" ADD CONSTRAINT "disruption_subjects_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disruption_subjects" ADD CONSTRAINT "disruption_subjects_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disruptions" ADD CONSTRAINT "disruptions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disruptions" ADD CONSTRAINT "disruptions_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disruptions" ADD CONSTRAINT "disruptions_recorded_by_agency_id_agencies_id_fk" FOREIGN KEY ("recorded_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_entries" ADD CONSTRAINT "intelligence_entries_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_entries" ADD CONSTRAINT "intelligence_entries_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_entries" ADD CONSTRAINT "intelligence_entries_recorded_by_agency_id_agencies_id_fk" FOREIGN KEY ("recorded_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_links" ADD CONSTRAINT "intelligence_links_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_links" ADD CONSTRAINT "intelligence_links_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_links" ADD CONSTRAINT "intelligence_links_associate_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("associate_adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_links" ADD CONSTRAINT "intelligence_links_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_links" ADD CONSTRAINT "intelligence_links_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_links" ADD CONSTRAINT "intelligence_links_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_subjects" ADD CONSTRAINT "intelligence_subjects_entry_id_intelligence_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."intelligence_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_subjects" ADD CONSTRAINT "intelligence_subjects_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_subjects" ADD CONSTRAINT "intelligence_subjects_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_subjects" ADD CONSTRAINT "intelligence_subjects_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places_of_concern" ADD CONSTRAINT "places_of_concern_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places_of_concern" ADD CONSTRAINT "places_of_concern_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_identifiers" ADD CONSTRAINT "record_identifiers_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_identifiers" ADD CONSTRAINT "record_identifiers_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_identifiers" ADD CONSTRAINT "record_identifiers_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adults_of_concern_area_idx" ON "adults_of_concern" USING btree ("area_id","status");--> statement-breakpoint
CREATE INDEX "disruption_subjects_disruption_idx" ON "disruption_subjects" USING btree ("disruption_id");--> statement-breakpoint
CREATE INDEX "disruption_subjects_adult_idx" ON "disruption_subjects" USING btree ("adult_id");--> statement-breakpoint
CREATE INDEX "disruption_subjects_place_idx" ON "disruption_subjects" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "disruption_subjects_yp_idx" ON "disruption_subjects" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "disruptions_area_idx" ON "disruptions" USING btree ("area_id","occurred_on");--> statement-breakpoint
CREATE INDEX "disruptions_follows_idx" ON "disruptions" USING btree ("follows_id");--> statement-breakpoint
CREATE INDEX "intelligence_entries_area_idx" ON "intelligence_entries" USING btree ("area_id","received_on");--> statement-breakpoint
CREATE INDEX "intelligence_links_adult_idx" ON "intelligence_links" USING btree ("adult_id");--> statement-breakpoint
CREATE INDEX "intelligence_links_associate_idx" ON "intelligence_links" USING btree ("associate_adult_id");--> statement-breakpoint
CREATE INDEX "intelligence_links_place_idx" ON "intelligence_links" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "intelligence_links_yp_idx" ON "intelligence_links" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "intelligence_subjects_entry_idx" ON "intelligence_subjects" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "intelligence_subjects_adult_idx" ON "intelligence_subjects" USING btree ("adult_id");--> statement-breakpoint
CREATE INDEX "intelligence_subjects_place_idx" ON "intelligence_subjects" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "intelligence_subjects_yp_idx" ON "intelligence_subjects" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "places_of_concern_area_idx" ON "places_of_concern" USING btree ("area_id","kind");--> statement-breakpoint
CREATE INDEX "record_identifiers_key_idx" ON "record_identifiers" USING btree ("area_id","match_key");--> statement-breakpoint
CREATE INDEX "record_identifiers_adult_idx" ON "record_identifiers" USING btree ("adult_id");--> statement-breakpoint
CREATE INDEX "record_identifiers_place_idx" ON "record_identifiers" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "concerns_place_idx" ON "concerns" USING btree ("place_id") WHERE "concerns"."place_id" is not null;