CREATE TABLE "scheduled_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"run_after" timestamp with time zone NOT NULL,
	"leased_until" timestamp with time zone,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_failure" text,
	"runs" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders_sent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"deadline_kind" text NOT NULL,
	"deadline_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"reminder_kind" text NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reminders_sent" ADD CONSTRAINT "reminders_sent_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_sent_once" ON "reminders_sent" USING btree ("deadline_kind","deadline_id","due_at","reminder_kind");--> statement-breakpoint
CREATE INDEX "reminders_sent_area_idx" ON "reminders_sent" USING btree ("area_id","sent_at");--> statement-breakpoint
CREATE INDEX "panel_actions_open_due_idx" ON "panel_actions" USING btree ("area_id","due_on") WHERE "panel_actions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "panel_referrals_pending_idx" ON "panel_referrals" USING btree ("area_id","referred_at") WHERE "panel_referrals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "missing_episodes_interview_due_idx" ON "missing_episodes" USING btree ("area_id","interview_due_at") WHERE "missing_episodes"."status" = 'returned';--> statement-breakpoint
CREATE INDEX "missing_episodes_meeting_due_idx" ON "missing_episodes" USING btree ("area_id","strategy_meeting_due_at") WHERE "missing_episodes"."strategy_meeting_outcome" is null and "missing_episodes"."strategy_meeting_due_at" is not null;--> statement-breakpoint
CREATE INDEX "record_identifiers_unrecognised_idx" ON "record_identifiers" USING btree ("area_id","created_at") WHERE not "record_identifiers"."recognised";