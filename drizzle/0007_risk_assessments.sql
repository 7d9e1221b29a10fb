CREATE TABLE "assessment_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"instrument_version_id" uuid NOT NULL,
	"state" jsonb NOT NULL,
	"started_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instrument_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"instrument_id" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"instrument" jsonb NOT NULL,
	"change_note" text,
	"based_on_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by_user_id" uuid,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_id" uuid NOT NULL,
	"instrument_version_id" uuid NOT NULL,
	"instrument_id" text NOT NULL,
	"instrument_version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"context" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"computed_level" text NOT NULL,
	"level" text NOT NULL,
	"level_rank" integer NOT NULL,
	"level_differs" boolean NOT NULL,
	"judgement_reason" text,
	"triggers" text[] DEFAULT '{}'::text[] NOT NULL,
	"plan" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contributions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"next_review_due" date,
	"assessed_at" timestamp with time zone NOT NULL,
	"submitted_by_user_id" uuid NOT NULL,
	"submitted_by_agency_id" uuid NOT NULL,
	"source" text DEFAULT 'web' NOT NULL,
	"draft_id" uuid,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "risk_assessments_number_unique" UNIQUE("number"),
	CONSTRAINT "risk_assessments_draft_id_unique" UNIQUE("draft_id")
);
--> statement-breakpoint
ALTER TABLE "assessment_drafts" ADD CONSTRAINT "assessment_drafts_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_drafts" ADD CONSTRAINT "assessment_drafts_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_drafts" ADD CONSTRAINT "assessment_drafts_instrument_version_id_instrument_versions_id_fk" FOREIGN KEY ("instrument_version_id") REFERENCES "public"."instrument_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_drafts" ADD CONSTRAINT "assessment_drafts_started_by_user_id_users_id_fk" FOREIGN KEY ("started_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_versions" ADD CONSTRAINT "instrument_versions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_versions" ADD CONSTRAINT "instrument_versions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_versions" ADD CONSTRAINT "instrument_versions_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_young_person_id_young_people_id_fk" FOREIGN KEY ("young_person_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_instrument_version_id_instrument_versions_id_fk" FOREIGN KEY ("instrument_version_id") REFERENCES "public"."instrument_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_submitted_by_user_id_users_id_fk" FOREIGN KEY ("submitted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_submitted_by_agency_id_agencies_id_fk" FOREIGN KEY ("submitted_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_drafts_young_person_key" ON "assessment_drafts" USING btree ("young_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "instrument_versions_area_version_key" ON "instrument_versions" USING btree ("area_id","instrument_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "instrument_versions_one_published" ON "instrument_versions" USING btree ("area_id","instrument_id") WHERE status = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "instrument_versions_one_draft" ON "instrument_versions" USING btree ("area_id","instrument_id") WHERE status = 'draft';--> statement-breakpoint
CREATE INDEX "risk_assessments_yp_idx" ON "risk_assessments" USING btree ("young_person_id","assessed_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_version_idx" ON "risk_assessments" USING btree ("instrument_version_id");--> statement-breakpoint
CREATE INDEX "risk_assessments_area_idx" ON "risk_assessments" USING btree ("area_id","assessed_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_review_idx" ON "risk_assessments" USING btree ("area_id","next_review_due") WHERE superseded_at is null;