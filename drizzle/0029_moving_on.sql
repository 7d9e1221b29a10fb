CREATE TABLE "cse_closures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date NOT NULL,
	"reason" text NOT NULL,
	"reason_details" text,
	"level_at_closure" text,
	"young_person_views" text NOT NULL,
	"family_views" text NOT NULL,
	"agreed_by" text NOT NULL,
	"agenda_item_id" uuid,
	"panel_decided_on" date,
	"closed_by_user_id" uuid NOT NULL,
	"closed_by_agency_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cse_closures_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "cse_reopenings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"closure_id" uuid NOT NULL,
	"reopened_on" date NOT NULL,
	"reason" text NOT NULL,
	"concern_id" uuid,
	"reopened_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transition_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"decided_on" date NOT NULL,
	"reason" text NOT NULL,
	"decided_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transition_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"adult_services_contact" text,
	"adult_safeguarding" text NOT NULL,
	"adult_safeguarding_referred_on" date,
	"housing" text,
	"health" text,
	"leaving_care" text,
	"wishes" text NOT NULL,
	"deadline" date NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_user_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cse_closures" ADD CONSTRAINT "cse_closures_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_closures" ADD CONSTRAINT "cse_closures_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_closures" ADD CONSTRAINT "cse_closures_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_closures" ADD CONSTRAINT "cse_closures_closed_by_user_id_users_id_fk" FOREIGN KEY ("closed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_closures" ADD CONSTRAINT "cse_closures_closed_by_agency_id_agencies_id_fk" FOREIGN KEY ("closed_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_reopenings" ADD CONSTRAINT "cse_reopenings_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_reopenings" ADD CONSTRAINT "cse_reopenings_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_reopenings" ADD CONSTRAINT "cse_reopenings_closure_id_cse_closures_id_fk" FOREIGN KEY ("closure_id") REFERENCES "public"."cse_closures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_reopenings" ADD CONSTRAINT "cse_reopenings_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cse_reopenings" ADD CONSTRAINT "cse_reopenings_reopened_by_user_id_users_id_fk" FOREIGN KEY ("reopened_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transition_decisions" ADD CONSTRAINT "transition_decisions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transition_decisions" ADD CONSTRAINT "transition_decisions_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transition_decisions" ADD CONSTRAINT "transition_decisions_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transition_plans" ADD CONSTRAINT "transition_plans_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transition_plans" ADD CONSTRAINT "transition_plans_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transition_plans" ADD CONSTRAINT "transition_plans_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transition_plans" ADD CONSTRAINT "transition_plans_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cse_closures_yp_idx" ON "cse_closures" USING btree ("young_person_id","closed_on");--> statement-breakpoint
CREATE INDEX "cse_closures_area_idx" ON "cse_closures" USING btree ("area_id","closed_on");--> statement-breakpoint
CREATE INDEX "cse_reopenings_yp_idx" ON "cse_reopenings" USING btree ("young_person_id","reopened_on");--> statement-breakpoint
CREATE UNIQUE INDEX "cse_reopenings_closure_key" ON "cse_reopenings" USING btree ("closure_id");--> statement-breakpoint
CREATE INDEX "transition_decisions_yp_idx" ON "transition_decisions" USING btree ("young_person_id","decided_on");--> statement-breakpoint
CREATE UNIQUE INDEX "transition_plans_yp_key" ON "transition_plans" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "transition_plans_area_deadline_idx" ON "transition_plans" USING btree ("area_id","deadline");