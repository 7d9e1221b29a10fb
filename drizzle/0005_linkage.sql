CREATE TABLE "linkage_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"young_person_a" uuid NOT NULL,
	"young_person_b" uuid NOT NULL,
	"decision" text NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage_keys" (
	"area_id" uuid NOT NULL,
	"key" text NOT NULL,
	"young_person_id" uuid NOT NULL,
	CONSTRAINT "linkage_keys_pkey" PRIMARY KEY("area_id","key","young_person_id")
);
--> statement-breakpoint
CREATE TABLE "linkage_models" (
	"area_id" uuid PRIMARY KEY NOT NULL,
	"model" jsonb NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"record_count" integer NOT NULL,
	"training_ms" integer NOT NULL,
	"pairs_refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage_pairs" (
	"area_id" uuid NOT NULL,
	"young_person_a" uuid NOT NULL,
	"young_person_b" uuid NOT NULL,
	"match_probability" double precision NOT NULL,
	"match_weight" double precision NOT NULL,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "linkage_pairs_pkey" PRIMARY KEY("young_person_a","young_person_b")
);
--> statement-breakpoint
CREATE TABLE "young_person_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"area_id" uuid NOT NULL,
	"surviving_id" uuid NOT NULL,
	"absorbed_id" uuid NOT NULL,
	"match_probability" double precision,
	"moved" jsonb NOT NULL,
	"merged_by_user_id" uuid,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by_user_id" uuid,
	"restored" jsonb,
	CONSTRAINT "young_person_merges_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "young_people" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "linkage_decisions" ADD CONSTRAINT "linkage_decisions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_decisions" ADD CONSTRAINT "linkage_decisions_young_person_a_young_people_id_fk" FOREIGN KEY ("young_person_a") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_decisions" ADD CONSTRAINT "linkage_decisions_young_person_b_young_people_id_fk" FOREIGN KEY ("young_person_b") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_decisions" ADD CONSTRAINT "linkage_decisions_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_models" ADD CONSTRAINT "linkage_models_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_person_merges" ADD CONSTRAINT "young_person_merges_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_person_merges" ADD CONSTRAINT "young_person_merges_surviving_id_young_people_id_fk" FOREIGN KEY ("surviving_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_person_merges" ADD CONSTRAINT "young_person_merges_absorbed_id_young_people_id_fk" FOREIGN KEY ("absorbed_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_person_merges" ADD CONSTRAINT "young_person_merges_merged_by_user_id_users_id_fk" FOREIGN KEY ("merged_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "young_person_merges" ADD CONSTRAINT "young_person_merges_undone_by_user_id_users_id_fk" FOREIGN KEY ("undone_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "linkage_decisions_pair_key" ON "linkage_decisions" USING btree ("young_person_a","young_person_b");--> statement-breakpoint
CREATE INDEX "linkage_decisions_area_idx" ON "linkage_decisions" USING btree ("area_id","decided_at");--> statement-breakpoint
CREATE INDEX "linkage_keys_yp_idx" ON "linkage_keys" USING btree ("young_person_id");--> statement-breakpoint
CREATE INDEX "linkage_pairs_area_idx" ON "linkage_pairs" USING btree ("area_id","match_weight");--> statement-breakpoint
CREATE INDEX "linkage_pairs_b_idx" ON "linkage_pairs" USING btree ("young_person_b");--> statement-breakpoint
CREATE INDEX "young_person_merges_area_idx" ON "young_person_merges" USING btree ("area_id","merged_at");--> statement-breakpoint
CREATE INDEX "young_person_merges_absorbed_idx" ON "young_person_merges" USING btree ("absorbed_id");--> statement-breakpoint
CREATE INDEX "young_person_merges_surviving_idx" ON "young_person_merges" USING btree ("surviving_id");--> statement-breakpoint
CREATE UNIQUE INDEX "young_person_merges_live_key" ON "young_person_merges" USING btree ("absorbed_id") WHERE "young_person_merges"."undone_at" is null;--> statement-breakpoint
ALTER TABLE "young_people" ADD CONSTRAINT "young_people_merged_into_id_young_people_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."young_people"("id") ON DELETE no action ON UPDATE no action;