CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "areas_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "user_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_invites_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"job_title" text,
	"role" text NOT NULL,
	"password_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_chain_heads" (
	"chain" integer PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL,
	"last_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain" integer NOT NULL,
	"chain_seq" bigint NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_agency_id" uuid,
	"actor_role" text,
	"area_id" uuid,
	"action" text NOT NULL,
	"record_kind" text,
	"record_id" text,
	"outcome" text NOT NULL,
	"ip" text,
	"request_id" text,
	"reason" text,
	"details" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_events_chain_seq_key" UNIQUE("chain","chain_seq")
);
--> statement-breakpoint
CREATE TABLE "chronology_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"young_person_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"agency_id" uuid,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"summary" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"young_person_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"user_id" uuid,
	"role_in_team" text,
	"is_lead_professional" boolean DEFAULT false NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_by_user_id" uuid,
	"removed_at" timestamp with time zone,
	"removed_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "young_people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"given_name" text,
	"family_name" text,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"date_of_birth" date,
	"estimated_age" integer,
	"estimated_age_at" date,
	"gender" text DEFAULT 'not_recorded' NOT NULL,
	"ethnicity" text DEFAULT 'not_recorded' NOT NULL,
	"address" text,
	"postcode" text,
	"school" text,
	"living_arrangement" text DEFAULT 'not_recorded' NOT NULL,
	"prior_involvement" text DEFAULT 'not_recorded' NOT NULL,
	"monitoring" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" text,
	"risk_level" text,
	"risk_level_set_at" timestamp with time zone,
	"opened_on" date,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "young_people_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "young_person_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"young_person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_mentions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concern_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"as_typed" text NOT NULL,
	"match_key" text
);
--> statement-breakpoint
CREATE TABLE "concerns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"raised_by_user_id" uuid NOT NULL,
	"raised_by_agency_id" uuid NOT NULL,
	"subject_kind" text NOT NULL,
	"subject" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"young_person_id" uuid,
	"possible_match" boolean DEFAULT false NOT NULL,
	"immediate_danger" boolean NOT NULL,
	"urgent" boolean NOT NULL,
	"indicators" text[] DEFAULT '{}'::text[] NOT NULL,
	"details" text NOT NULL,
	"occurred_on" date,
	"when_text" text,
	"where_text" text,
	"place_id" uuid,
	"how_learned" text NOT NULL,
	"young_person_aware" text NOT NULL,
	"lawful_basis" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"certainty" text,
	"outcome" text,
	"outcome_note" text,
	"triaged_at" timestamp with time zone,
	"triaged_by_user_id" uuid,
	"first_feedback_at" timestamp with time zone,
	"source" text DEFAULT 'web' NOT NULL,
	"external_reference" text,
	"submission_key" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "concerns_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "feedback_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_user_id" uuid NOT NULL,
	"concern_id" uuid,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"young_person_id" uuid,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"panel_id" uuid NOT NULL,
	"meets_on" date NOT NULL,
	"agenda_issued_at" timestamp with time zone,
	"minutes_closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"panel_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"chair_agency_id" uuid,
	"meets_every_days" integer,
	"access_after_close_days" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "break_glass_accesses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_user_id" uuid,
	"review_outcome" text,
	"review_note" text
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_invites" ADD CONSTRAINT "user_invites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chronology_entries" ADD CONSTRAINT "chronology_entries_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chronology_entries" ADD CONSTRAINT "chronology_entries_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_removed_by_user_id_users_id_fk" FOREIGN KEY ("removed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_people" ADD CONSTRAINT "young_people_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_people" ADD CONSTRAINT "young_people_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_person_identifiers" ADD CONSTRAINT "young_person_identifiers_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_drafts" ADD CONSTRAINT "concern_drafts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_mentions" ADD CONSTRAINT "concern_mentions_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_mentions" ADD CONSTRAINT "concern_mentions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_raised_by_user_id_users_id_fk" FOREIGN KEY ("raised_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_raised_by_agency_id_agencies_id_fk" FOREIGN KEY ("raised_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_triaged_by_user_id_users_id_fk" FOREIGN KEY ("triaged_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_messages" ADD CONSTRAINT "feedback_messages_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_messages" ADD CONSTRAINT "feedback_messages_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_chair_agency_id_agencies_id_fk" FOREIGN KEY ("chair_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_accesses" ADD CONSTRAINT "break_glass_accesses_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_accesses" ADD CONSTRAINT "break_glass_accesses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_accesses" ADD CONSTRAINT "break_glass_accesses_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_accesses" ADD CONSTRAINT "break_glass_accesses_reviewed_by_user_id_users_id_fk" FOREIGN KEY ("reviewed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_area_name_key" ON "agencies" USING btree ("area_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_agency_idx" ON "users" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_events_record_idx" ON "audit_events" USING btree ("record_kind","record_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_area_time_idx" ON "audit_events" USING btree ("area_id","occurred_at");--> statement-breakpoint
CREATE INDEX "chronology_yp_time_idx" ON "chronology_entries" USING btree ("young_person_id","occurred_at");--> statement-breakpoint
CREATE INDEX "team_members_yp_idx" ON "team_members" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id","young_person_id");--> statement-breakpoint
CREATE INDEX "team_members_agency_idx" ON "team_members" USING btree ("agency_id","young_person_id");--> statement-breakpoint
CREATE INDEX "young_people_area_idx" ON "young_people" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "young_people_family_trgm_idx" ON "young_people" USING gin (lower("family_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "young_people_given_trgm_idx" ON "young_people" USING gin (lower("given_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "young_people_family_dmeta_idx" ON "young_people" USING btree ("area_id",dmetaphone(coalesce("family_name", '')));--> statement-breakpoint
CREATE INDEX "young_people_dob_idx" ON "young_people" USING btree ("area_id","date_of_birth");--> statement-breakpoint
CREATE INDEX "young_person_identifiers_value_idx" ON "young_person_identifiers" USING btree ("kind","value");--> statement-breakpoint
CREATE INDEX "young_person_identifiers_yp_idx" ON "young_person_identifiers" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "concern_drafts_user_idx" ON "concern_drafts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "concern_mentions_key_idx" ON "concern_mentions" USING btree ("area_id","match_key");--> statement-breakpoint
CREATE INDEX "concern_mentions_concern_idx" ON "concern_mentions" USING btree ("concern_id");--> statement-breakpoint
CREATE INDEX "concerns_triage_queue_idx" ON "concerns" USING btree ("area_id","status","urgent","submitted_at");--> statement-breakpoint
CREATE INDEX "concerns_yp_idx" ON "concerns" USING btree ("young_person_id","submitted_at");--> statement-breakpoint
CREATE INDEX "concerns_raiser_idx" ON "concerns" USING btree ("raised_by_user_id","submitted_at");--> statement-breakpoint
CREATE INDEX "concerns_agency_idx" ON "concerns" USING btree ("raised_by_agency_id","young_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "concerns_external_ref_key" ON "concerns" USING btree ("raised_by_agency_id","external_reference");--> statement-breakpoint
CREATE UNIQUE INDEX "concerns_submission_key" ON "concerns" USING btree ("raised_by_user_id","submission_key");--> statement-breakpoint
CREATE INDEX "feedback_recipient_idx" ON "feedback_messages" USING btree ("recipient_user_id","read_at");--> statement-breakpoint
CREATE INDEX "agenda_items_yp_idx" ON "agenda_items" USING btree ("young_person_id","meeting_id");--> statement-breakpoint
CREATE INDEX "panel_meetings_panel_idx" ON "panel_meetings" USING btree ("panel_id");--> statement-breakpoint
CREATE INDEX "panel_members_user_idx" ON "panel_members" USING btree ("user_id","panel_id");--> statement-breakpoint
CREATE INDEX "break_glass_user_idx" ON "break_glass_accesses" USING btree ("user_id","young_person_id","expires_at");--> statement-breakpoint
CREATE INDEX "break_glass_review_idx" ON "break_glass_accesses" USING btree ("area_id","reviewed_at");