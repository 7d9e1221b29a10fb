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
ALTER TABLE "intelligence_record_changes" ADD CONSTRAINT "intelligence_record_changes_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_record_changes" ADD CONSTRAINT "intelligence_record_changes_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_record_changes" ADD CONSTRAINT "intelligence_record_changes_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_record_changes" ADD CONSTRAINT "intelligence_record_changes_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "intelligence_record_changes_adult_idx" ON "intelligence_record_changes" USING btree ("adult_id","changed_at");--> statement-breakpoint
CREATE INDEX "intelligence_record_changes_place_idx" ON "intelligence_record_changes" USING btree ("place_id","changed_at");