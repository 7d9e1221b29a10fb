CREATE TABLE "adult_children" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"adult_id" uuid NOT NULL,
	"young_person_id" uuid,
	"description" text,
	"relationship" text NOT NULL,
	"note" text,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "adult_children_who" CHECK (num_nonnulls("adult_children"."young_person_id", "adult_children"."description") = 1)
);
--> statement-breakpoint
CREATE TABLE "case_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"young_person_id" uuid NOT NULL,
	"contact_on" date NOT NULL,
	"contact_type" text NOT NULL,
	"text" text NOT NULL,
	"visibility" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"written_by_user_id" uuid NOT NULL,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_notes_visibility" CHECK ("case_notes"."visibility" in ('agency', 'partnership'))
);
--> statement-breakpoint
CREATE TABLE "network_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"young_person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"relationship" text NOT NULL,
	"contact_details" text,
	"parental_responsibility" text DEFAULT 'not_known' NOT NULL,
	"lives_with_young_person" boolean DEFAULT false NOT NULL,
	"note" text,
	"linked_young_person_id" uuid,
	"adult_of_concern_id" uuid,
	"added_by_user_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by_user_id" uuid,
	CONSTRAINT "network_members_not_self" CHECK ("network_members"."linked_young_person_id" is null or "network_members"."linked_young_person_id" <> "network_members"."young_person_id")
);
--> statement-breakpoint
CREATE TABLE "views_and_wishes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"young_person_id" uuid NOT NULL,
	"recorded_on" date NOT NULL,
	"views" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chronology_entries" ADD COLUMN "only_for_agency_id" uuid;--> statement-breakpoint
ALTER TABLE "adult_children" ADD CONSTRAINT "adult_children_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_children" ADD CONSTRAINT "adult_children_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_children" ADD CONSTRAINT "adult_children_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_written_by_user_id_users_id_fk" FOREIGN KEY ("written_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_linked_young_person_id_young_people_id_fk" FOREIGN KEY ("linked_young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_adult_of_concern_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_of_concern_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_removed_by_user_id_users_id_fk" FOREIGN KEY ("removed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "views_and_wishes" ADD CONSTRAINT "views_and_wishes_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "views_and_wishes" ADD CONSTRAINT "views_and_wishes_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "views_and_wishes" ADD CONSTRAINT "views_and_wishes_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adult_children_adult_idx" ON "adult_children" USING btree ("adult_id");--> statement-breakpoint
CREATE INDEX "adult_children_yp_idx" ON "adult_children" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "case_notes_yp_idx" ON "case_notes" USING btree ("young_person_id","contact_on");--> statement-breakpoint
CREATE INDEX "network_members_yp_idx" ON "network_members" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "network_members_adult_idx" ON "network_members" USING btree ("adult_of_concern_id");--> statement-breakpoint
CREATE INDEX "views_and_wishes_yp_idx" ON "views_and_wishes" USING btree ("young_person_id","recorded_on");--> statement-breakpoint
ALTER TABLE "chronology_entries" ADD CONSTRAINT "chronology_entries_only_for_agency_id_agencies_id_fk" FOREIGN KEY ("only_for_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;