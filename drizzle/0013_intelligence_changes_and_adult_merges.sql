CREATE TABLE "adult_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"surviving_id" uuid NOT NULL,
	"absorbed_id" uuid NOT NULL,
	"moved" jsonb NOT NULL,
	"merged_by_user_id" uuid NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by_user_id" uuid,
	CONSTRAINT "adult_merges_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "intelligence_record_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"adult_id" uuid,
	"place_id" uuid,
	"kind" text NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"concern_id" uuid,
	"changed_by_user_id" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intelligence_record_changes_one_owner" CHECK (num_nonnulls("intelligence_record_changes"."adult_id", "intelligence_record_changes"."place_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "adults_of_concern" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "adult_merges" ADD CONSTRAINT "adult_merges_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_merges" ADD CONSTRAINT "adult_merges_surviving_id_adults_of_concern_id_fk" FOREIGN KEY ("surviving_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_merges" ADD CONSTRAINT "adult_merges_absorbed_id_adults_of_concern_id_fk" FOREIGN KEY ("absorbed_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_merges" ADD CONSTRAINT "adult_merges_merged_by_user_id_users_id_fk" FOREIGN KEY ("merged_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_merges" ADD CONSTRAINT "adult_merges_undone_by_user_id_users_id_fk" FOREIGN KEY ("undone_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_record_changes" ADD CONSTRAINT "intelligence_record_changes_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_record_changes" ADD CONSTRAINT "intelligence_record_changes_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_record_changes" ADD CONSTRAINT "intelligence_record_changes_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_record_changes" ADD CONSTRAINT "intelligence_record_changes_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adult_merges_surviving_idx" ON "adult_merges" USING btree ("surviving_id");--> statement-breakpoint
CREATE UNIQUE INDEX "adult_merges_live_absorbed_key" ON "adult_merges" USING btree ("absorbed_id") WHERE "adult_merges"."undone_at" is null;--> statement-breakpoint
CREATE INDEX "intelligence_record_changes_adult_idx" ON "intelligence_record_changes" USING btree ("adult_id","changed_at");--> statement-breakpoint
CREATE INDEX "intelligence_record_changes_place_idx" ON "intelligence_record_changes" USING btree ("place_id","changed_at");--> statement-breakpoint
CREATE INDEX "places_of_concern_name_trgm_idx" ON "places_of_concern" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "places_of_concern_address_trgm_idx" ON "places_of_concern" USING gin (lower(coalesce("address_line", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "places_of_concern_postcode_idx" ON "places_of_concern" USING btree ("area_id","postcode");