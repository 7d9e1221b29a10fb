CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"audience" text NOT NULL,
	"description" text,
	"link" text NOT NULL,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_checked_on" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"action_kind" text NOT NULL,
	"action_id" uuid NOT NULL,
	"need" text NOT NULL,
	"outcome" text NOT NULL,
	"service_id" uuid,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_by_agency_id" uuid NOT NULL,
	"recorded_on" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_referrals_outcome" CHECK ((outcome = 'referred' and service_id is not null) or (outcome = 'no_service_found' and service_id is null))
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"provider" text NOT NULL,
	"agency_id" uuid,
	"offer" text NOT NULL,
	"needs" text[] NOT NULL,
	"min_age" integer,
	"max_age" integer,
	"sex" text DEFAULT 'any' NOT NULL,
	"refer_phone" text,
	"refer_email" text,
	"refer_website" text,
	"self_referral" boolean DEFAULT false NOT NULL,
	"drop_in" boolean DEFAULT false NOT NULL,
	"contact" text,
	"waiting_time" text,
	"coverage" text,
	"last_checked_on" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_number_unique" UNIQUE("number"),
	CONSTRAINT "services_one_way_to_refer" CHECK (refer_phone is not null or refer_email is not null or refer_website is not null or self_referral or drop_in),
	CONSTRAINT "services_some_need" CHECK (cardinality(needs) > 0)
);
--> statement-breakpoint
CREATE TABLE "prevention_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"delivered_on" date NOT NULL,
	"audience" text NOT NULL,
	"topic" text NOT NULL,
	"title" text,
	"reached" integer NOT NULL,
	"district" text NOT NULL,
	"place_id" uuid,
	"recorded_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prevention_sessions_number_unique" UNIQUE("number"),
	CONSTRAINT "prevention_sessions_reached" CHECK (reached between 1 and 5000)
);
--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_referrals" ADD CONSTRAINT "service_referrals_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_referrals" ADD CONSTRAINT "service_referrals_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_referrals" ADD CONSTRAINT "service_referrals_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_referrals" ADD CONSTRAINT "service_referrals_recorded_by_agency_id_agencies_id_fk" FOREIGN KEY ("recorded_by_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prevention_sessions" ADD CONSTRAINT "prevention_sessions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prevention_sessions" ADD CONSTRAINT "prevention_sessions_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prevention_sessions" ADD CONSTRAINT "prevention_sessions_place_id_places_of_concern_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places_of_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prevention_sessions" ADD CONSTRAINT "prevention_sessions_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resources_area_idx" ON "resources" USING btree ("area_id","title");--> statement-breakpoint
CREATE INDEX "service_referrals_area_idx" ON "service_referrals" USING btree ("area_id","recorded_on");--> statement-breakpoint
CREATE INDEX "service_referrals_action_idx" ON "service_referrals" USING btree ("action_kind","action_id");--> statement-breakpoint
CREATE INDEX "service_referrals_service_idx" ON "service_referrals" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "services_area_idx" ON "services" USING btree ("area_id","name");--> statement-breakpoint
CREATE INDEX "services_needs_idx" ON "services" USING gin ("needs");--> statement-breakpoint
CREATE INDEX "services_checked_idx" ON "services" USING btree ("area_id","last_checked_on") WHERE "services"."active";--> statement-breakpoint
CREATE INDEX "prevention_sessions_area_idx" ON "prevention_sessions" USING btree ("area_id","delivered_on");--> statement-breakpoint
CREATE INDEX "prevention_sessions_agency_idx" ON "prevention_sessions" USING btree ("agency_id","delivered_on");