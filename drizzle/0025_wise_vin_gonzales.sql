CREATE TABLE "concern_additions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concern_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"details" text NOT NULL,
	"added_by_user_id" uuid NOT NULL,
	"added_by_agency_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seen_at" timestamp with time zone,
	"seen_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "casework_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"plan_action_id" text,
	"description" text NOT NULL,
	"owner_user_id" uuid,
	"owner_agency_id" uuid,
	"due_on" date NOT NULL,
	"completed_on" date,
	"completion_note" text,
	"completed_by_user_id" uuid,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "casework_tasks_one_owner" CHECK ((owner_user_id is null) <> (owner_agency_id is null))
);
--> statement-breakpoint
CREATE TABLE "court_hearings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"hearing_on" date NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "court_support_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"court" text NOT NULL,
	"case_description" text NOT NULL,
	"case_reference" text,
	"special_measures_asked" text[] DEFAULT '{}'::text[] NOT NULL,
	"special_measures_agreed" text[] DEFAULT '{}'::text[] NOT NULL,
	"supporter_name" text NOT NULL,
	"supporter_agency_id" uuid,
	"pre_trial_visit_on" date,
	"pre_trial_visit_note" text,
	"outcome" text,
	"outcome_on" date,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategy_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"episode_id" uuid,
	"concern_id" uuid,
	"held_at" timestamp with time zone NOT NULL,
	"attendees" jsonb NOT NULL,
	"information_shared" text NOT NULL,
	"decisions" text NOT NULL,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_by_agency_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strategy_meetings_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "concern_additions" ADD CONSTRAINT "concern_additions_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_additions" ADD CONSTRAINT "concern_additions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_additions" ADD CONSTRAINT "concern_additions_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_additions" ADD CONSTRAINT "concern_additions_added_by_agency_id_agencies_id_fk" FOREIGN KEY ("added_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_additions" ADD CONSTRAINT "concern_additions_seen_by_user_id_users_id_fk" FOREIGN KEY ("seen_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_tasks" ADD CONSTRAINT "casework_tasks_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_tasks" ADD CONSTRAINT "casework_tasks_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_tasks" ADD CONSTRAINT "casework_tasks_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_tasks" ADD CONSTRAINT "casework_tasks_owner_agency_id_agencies_id_fk" FOREIGN KEY ("owner_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_tasks" ADD CONSTRAINT "casework_tasks_completed_by_user_id_users_id_fk" FOREIGN KEY ("completed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_tasks" ADD CONSTRAINT "casework_tasks_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_hearings" ADD CONSTRAINT "court_hearings_plan_id_court_support_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."court_support_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_support_plans" ADD CONSTRAINT "court_support_plans_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_support_plans" ADD CONSTRAINT "court_support_plans_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_support_plans" ADD CONSTRAINT "court_support_plans_supporter_agency_id_agencies_id_fk" FOREIGN KEY ("supporter_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_support_plans" ADD CONSTRAINT "court_support_plans_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_meetings" ADD CONSTRAINT "strategy_meetings_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_meetings" ADD CONSTRAINT "strategy_meetings_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_meetings" ADD CONSTRAINT "strategy_meetings_episode_id_missing_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."missing_episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_meetings" ADD CONSTRAINT "strategy_meetings_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_meetings" ADD CONSTRAINT "strategy_meetings_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_meetings" ADD CONSTRAINT "strategy_meetings_recorded_by_agency_id_agencies_id_fk" FOREIGN KEY ("recorded_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concern_additions_concern_idx" ON "concern_additions" USING btree ("concern_id","added_at");--> statement-breakpoint
CREATE INDEX "concern_additions_unseen_idx" ON "concern_additions" USING btree ("area_id") WHERE seen_at is null;--> statement-breakpoint
CREATE INDEX "casework_tasks_yp_idx" ON "casework_tasks" USING btree ("young_person_id","due_on");--> statement-breakpoint
CREATE INDEX "casework_tasks_owner_user_idx" ON "casework_tasks" USING btree ("owner_user_id","due_on") WHERE completed_on is null;--> statement-breakpoint
CREATE INDEX "casework_tasks_owner_agency_idx" ON "casework_tasks" USING btree ("owner_agency_id","due_on") WHERE completed_on is null;--> statement-breakpoint
CREATE INDEX "casework_tasks_source_idx" ON "casework_tasks" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "court_hearings_plan_idx" ON "court_hearings" USING btree ("plan_id","hearing_on");--> statement-breakpoint
CREATE INDEX "court_support_plans_yp_idx" ON "court_support_plans" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "strategy_meetings_yp_idx" ON "strategy_meetings" USING btree ("young_person_id","held_at");--> statement-breakpoint
CREATE INDEX "strategy_meetings_episode_idx" ON "strategy_meetings" USING btree ("episode_id");