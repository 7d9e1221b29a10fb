ALTER TABLE "feedback_messages" ADD COLUMN "event_key" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "added_late_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_event_once" ON "feedback_messages" USING btree ("recipient_user_id","event_key");