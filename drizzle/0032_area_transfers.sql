CREATE TABLE "area_transfer_keys" (
	"area_id" uuid PRIMARY KEY NOT NULL,
	"signing_public_key" text NOT NULL,
	"encryption_public_key" text NOT NULL,
	"sealed_signing_key" text NOT NULL,
	"sealed_encryption_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cross_area_matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"open_area_id" uuid NOT NULL,
	"open_young_person_id" uuid NOT NULL,
	"concern_area_id" uuid NOT NULL,
	"concern_young_person_id" uuid NOT NULL,
	"found_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "known_elsewhere" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"adult_id" uuid,
	"place_id" uuid,
	"other_area_name" text NOT NULL,
	"contact_route" text NOT NULL,
	"added_by_user_id" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "known_elsewhere_one_subject" CHECK (num_nonnulls("known_elsewhere"."adult_id", "known_elsewhere"."place_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "partner_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"signing_public_key" text NOT NULL,
	"encryption_public_key" text NOT NULL,
	"added_by_user_id" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"direction" text NOT NULL,
	"from_area_id" uuid,
	"to_area_id" uuid,
	"partner_area_id" uuid,
	"package_id" uuid,
	"young_person_id" uuid,
	"received_young_person_id" uuid,
	"match_decision" text,
	"reason" text NOT NULL,
	"reason_note" text,
	"lawful_basis" text NOT NULL,
	"status" text NOT NULL,
	"sections" text[] DEFAULT '{}'::text[] NOT NULL,
	"snapshot" jsonb,
	"package_text" text,
	"counterpart_name" text,
	"started_by_user_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "transfers_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "area_transfer_keys" ADD CONSTRAINT "area_transfer_keys_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cross_area_matches" ADD CONSTRAINT "cross_area_matches_open_area_id_areas_id_fk" FOREIGN KEY ("open_area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cross_area_matches" ADD CONSTRAINT "cross_area_matches_open_young_person_id_young_people_id_fk" FOREIGN KEY ("open_young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cross_area_matches" ADD CONSTRAINT "cross_area_matches_concern_area_id_areas_id_fk" FOREIGN KEY ("concern_area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cross_area_matches" ADD CONSTRAINT "cross_area_matches_concern_young_person_id_young_people_id_fk" FOREIGN KEY ("concern_young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "known_elsewhere" ADD CONSTRAINT "known_elsewhere_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "known_elsewhere" ADD CONSTRAINT "known_elsewhere_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "known_elsewhere" ADD CONSTRAINT "known_elsewhere_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "known_elsewhere" ADD CONSTRAINT "known_elsewhere_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_areas" ADD CONSTRAINT "partner_areas_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_areas" ADD CONSTRAINT "partner_areas_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_area_id_areas_id_fk" FOREIGN KEY ("from_area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_area_id_areas_id_fk" FOREIGN KEY ("to_area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_partner_area_id_partner_areas_id_fk" FOREIGN KEY ("partner_area_id") REFERENCES "public"."partner_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_received_young_person_id_young_people_id_fk" FOREIGN KEY ("received_young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_started_by_user_id_users_id_fk" FOREIGN KEY ("started_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cross_area_matches_pair_key" ON "cross_area_matches" USING btree ("open_young_person_id","concern_young_person_id");--> statement-breakpoint
CREATE INDEX "cross_area_matches_open_area_idx" ON "cross_area_matches" USING btree ("open_area_id");--> statement-breakpoint
CREATE INDEX "cross_area_matches_concern_area_idx" ON "cross_area_matches" USING btree ("concern_area_id");--> statement-breakpoint
CREATE INDEX "known_elsewhere_adult_idx" ON "known_elsewhere" USING btree ("adult_id");--> statement-breakpoint
CREATE INDEX "known_elsewhere_place_idx" ON "known_elsewhere" USING btree ("place_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_areas_area_code_key" ON "partner_areas" USING btree ("area_id","code");--> statement-breakpoint
CREATE INDEX "transfers_to_area_idx" ON "transfers" USING btree ("to_area_id","status");--> statement-breakpoint
CREATE INDEX "transfers_from_area_idx" ON "transfers" USING btree ("from_area_id","status");--> statement-breakpoint
CREATE INDEX "transfers_young_person_idx" ON "transfers" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "transfers_received_idx" ON "transfers" USING btree ("received_young_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_incoming_package_key" ON "transfers" USING btree ("to_area_id","package_id") WHERE "transfers"."direction" = 'incoming';--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_outgoing_package_key" ON "transfers" USING btree ("package_id") WHERE "transfers"."direction" = 'outgoing';