CREATE TABLE "adult_duplicate_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"adult_id" uuid NOT NULL,
	"other_adult_id" uuid NOT NULL,
	"decided_by_user_id" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adult_duplicate_decisions_ordered" CHECK ("adult_duplicate_decisions"."adult_id" < "adult_duplicate_decisions"."other_adult_id")
);
--> statement-breakpoint
ALTER TABLE "adult_duplicate_decisions" ADD CONSTRAINT "adult_duplicate_decisions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_duplicate_decisions" ADD CONSTRAINT "adult_duplicate_decisions_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_duplicate_decisions" ADD CONSTRAINT "adult_duplicate_decisions_other_adult_id_adults_of_concern_id_fk" FOREIGN KEY ("other_adult_id") REFERENCES "public"."adults_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adult_duplicate_decisions" ADD CONSTRAINT "adult_duplicate_decisions_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "adult_duplicate_decisions_pair_key" ON "adult_duplicate_decisions" USING btree ("adult_id","other_adult_id");