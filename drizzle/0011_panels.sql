CREATE TABLE "meeting_attendance" (
	"meeting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "meeting_attendance_meeting_id_user_id_pk" PRIMARY KEY("meeting_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "panel_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"young_person_id" uuid,
	"description" text NOT NULL,
	"owner_agency_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"what_was_done" text,
	"completed_at" timestamp with time zone,
	"completed_by_user_id" uuid,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_actions_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "panel_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_user_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"panel_id" uuid NOT NULL,
	"subject_kind" text NOT NULL,
	"young_person_id" uuid,
	"peer_group_id" uuid,
	"place_id" uuid,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"urgency" text NOT NULL,
	"young_person_views" text,
	"family_views" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"referred_by_user_id" uuid NOT NULL,
	"referred_by_agency_id" uuid NOT NULL,
	"referred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"discussed_at" timestamp with time zone,
	CONSTRAINT "panel_referrals_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "peer_group_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"peer_group_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "peer_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "subject_kind" text DEFAULT 'young_person' NOT NULL;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "peer_group_id" uuid;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "place_id" uuid;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "origin" text DEFAULT 'referral' NOT NULL;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "referral_id" uuid;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "carried_from_item_id" uuid;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "urgency" text DEFAULT 'routine' NOT NULL;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "level_agreed" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "plan" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "disruption" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "child_protection_referral" boolean;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "next_review_on" date;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "decided_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD COLUMN "agenda_issued_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD COLUMN "minutes_closed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "panel_members" ADD COLUMN "agency_id" uuid;--> statement-breakpoint
ALTER TABLE "panel_members" ADD COLUMN "is_chair" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_actions" ADD CONSTRAINT "panel_actions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_actions" ADD CONSTRAINT "panel_actions_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_actions" ADD CONSTRAINT "panel_actions_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_actions" ADD CONSTRAINT "panel_actions_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_actions" ADD CONSTRAINT "panel_actions_owner_agency_id_agencies_id_fk" FOREIGN KEY ("owner_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_actions" ADD CONSTRAINT "panel_actions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_actions" ADD CONSTRAINT "panel_actions_completed_by_user_id_users_id_fk" FOREIGN KEY ("completed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_actions" ADD CONSTRAINT "panel_actions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_notices" ADD CONSTRAINT "panel_notices_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_notices" ADD CONSTRAINT "panel_notices_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_referrals" ADD CONSTRAINT "panel_referrals_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_referrals" ADD CONSTRAINT "panel_referrals_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_referrals" ADD CONSTRAINT "panel_referrals_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_referrals" ADD CONSTRAINT "panel_referrals_peer_group_id_peer_groups_id_fk" FOREIGN KEY ("peer_group_id") REFERENCES "public"."peer_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_referrals" ADD CONSTRAINT "panel_referrals_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_referrals" ADD CONSTRAINT "panel_referrals_referred_by_user_id_users_id_fk" FOREIGN KEY ("referred_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_referrals" ADD CONSTRAINT "panel_referrals_referred_by_agency_id_agencies_id_fk" FOREIGN KEY ("referred_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_group_members" ADD CONSTRAINT "peer_group_members_peer_group_id_peer_groups_id_fk" FOREIGN KEY ("peer_group_id") REFERENCES "public"."peer_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_group_members" ADD CONSTRAINT "peer_group_members_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_groups" ADD CONSTRAINT "peer_groups_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_groups" ADD CONSTRAINT "peer_groups_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "panel_actions_owner_agency_idx" ON "panel_actions" USING btree ("owner_agency_id","status","due_on");--> statement-breakpoint
CREATE INDEX "panel_actions_owner_user_idx" ON "panel_actions" USING btree ("owner_user_id","status");--> statement-breakpoint
CREATE INDEX "panel_actions_item_idx" ON "panel_actions" USING btree ("agenda_item_id");--> statement-breakpoint
CREATE INDEX "panel_actions_yp_idx" ON "panel_actions" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "panel_notices_recipient_idx" ON "panel_notices" USING btree ("recipient_user_id","read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_notices_once" ON "panel_notices" USING btree ("recipient_user_id","meeting_id","kind");--> statement-breakpoint
CREATE INDEX "panel_referrals_panel_idx" ON "panel_referrals" USING btree ("panel_id","status");--> statement-breakpoint
CREATE INDEX "panel_referrals_yp_idx" ON "panel_referrals" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "panel_referrals_referrer_idx" ON "panel_referrals" USING btree ("referred_by_user_id");--> statement-breakpoint
CREATE INDEX "peer_group_members_group_idx" ON "peer_group_members" USING btree ("peer_group_id");--> statement-breakpoint
CREATE INDEX "peer_group_members_yp_idx" ON "peer_group_members" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "peer_groups_area_idx" ON "peer_groups" USING btree ("area_id");--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_peer_group_id_peer_groups_id_fk" FOREIGN KEY ("peer_group_id") REFERENCES "public"."peer_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_referral_id_panel_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."panel_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_agenda_issued_by_user_id_users_id_fk" FOREIGN KEY ("agenda_issued_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_minutes_closed_by_user_id_users_id_fk" FOREIGN KEY ("minutes_closed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agenda_items_group_idx" ON "agenda_items" USING btree ("peer_group_id","meeting_id");--> statement-breakpoint
CREATE INDEX "agenda_items_meeting_idx" ON "agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
-- Members added before this migration sit for their own agency.
UPDATE "panel_members" pm SET "agency_id" = u."agency_id" FROM "users" u WHERE u."id" = pm."user_id" AND pm."agency_id" IS NULL;
