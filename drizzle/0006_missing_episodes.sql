CREATE TABLE "missing_episode_mentions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"context" text NOT NULL,
	"as_typed" text NOT NULL,
	"match_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "missing_episodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"last_seen_where" text,
	"reported_at" timestamp with time zone,
	"reported_by" text,
	"police_reference" text,
	"looked_after" boolean NOT NULL,
	"placement" text,
	"status" text DEFAULT 'open' NOT NULL,
	"returned_at" timestamp with time zone,
	"found_where" text,
	"how_returned" text,
	"while_away" text,
	"interview_agency_id" uuid,
	"interview_due_at" timestamp with time zone,
	"strategy_meeting_due_at" timestamp with time zone,
	"strategy_meeting_outcome" text,
	"strategy_meeting_at" timestamp with time zone,
	"strategy_meeting_note" text,
	"strategy_meeting_recorded_by_user_id" uuid,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_by_agency_id" uuid NOT NULL,
	"return_recorded_by_user_id" uuid,
	"source" text DEFAULT 'web' NOT NULL,
	"external_reference" text,
	"submission_key" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "missing_episodes_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "return_interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"interviewer_name" text NOT NULL,
	"interviewer_agency_id" uuid,
	"independent" boolean NOT NULL,
	"response" text NOT NULL,
	"completed_at" timestamp with time zone,
	"push_factors" text[] DEFAULT '{}'::text[] NOT NULL,
	"pull_factors" text[] DEFAULT '{}'::text[] NOT NULL,
	"where_they_were" text,
	"with_whom" text,
	"disclosure" text,
	"disclosure_details" text,
	"learning" text,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_by_agency_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "missing_episode_mentions" ADD CONSTRAINT "missing_episode_mentions_episode_id_missing_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."missing_episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episode_mentions" ADD CONSTRAINT "missing_episode_mentions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episode_mentions" ADD CONSTRAINT "missing_episode_mentions_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_interview_agency_id_agencies_id_fk" FOREIGN KEY ("interview_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_strategy_meeting_recorded_by_user_id_users_id_fk" FOREIGN KEY ("strategy_meeting_recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_recorded_by_agency_id_agencies_id_fk" FOREIGN KEY ("recorded_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_return_recorded_by_user_id_users_id_fk" FOREIGN KEY ("return_recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_episode_id_missing_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."missing_episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_interviewer_agency_id_agencies_id_fk" FOREIGN KEY ("interviewer_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_interviews" ADD CONSTRAINT "return_interviews_recorded_by_agency_id_agencies_id_fk" FOREIGN KEY ("recorded_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "missing_mentions_key_idx" ON "missing_episode_mentions" USING btree ("area_id","match_key");--> statement-breakpoint
CREATE INDEX "missing_mentions_episode_idx" ON "missing_episode_mentions" USING btree ("episode_id");--> statement-breakpoint
CREATE INDEX "missing_mentions_yp_idx" ON "missing_episode_mentions" USING btree ("young_person_id","context");--> statement-breakpoint
CREATE INDEX "missing_episodes_yp_idx" ON "missing_episodes" USING btree ("young_person_id","last_seen_at");--> statement-breakpoint
CREATE INDEX "missing_episodes_area_time_idx" ON "missing_episodes" USING btree ("area_id","last_seen_at");--> statement-breakpoint
CREATE INDEX "missing_episodes_open_idx" ON "missing_episodes" USING btree ("area_id") WHERE "missing_episodes"."status" = 'open';--> statement-breakpoint
CREATE INDEX "missing_episodes_interview_idx" ON "missing_episodes" USING btree ("interview_agency_id","interview_due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "missing_episodes_external_ref_key" ON "missing_episodes" USING btree ("recorded_by_agency_id","external_reference");--> statement-breakpoint
CREATE UNIQUE INDEX "missing_episodes_submission_key" ON "missing_episodes" USING btree ("recorded_by_user_id","submission_key");--> statement-breakpoint
CREATE UNIQUE INDEX "return_interviews_episode_key" ON "return_interviews" USING btree ("episode_id");--> statement-breakpoint
CREATE INDEX "return_interviews_yp_idx" ON "return_interviews" USING btree ("young_person_id");