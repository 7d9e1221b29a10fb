DROP INDEX "young_people_family_trgm_idx";--> statement-breakpoint
DROP INDEX "young_people_given_trgm_idx";--> statement-breakpoint
ALTER TABLE "young_people" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "young_people_search_trgm_idx" ON "young_people" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "young_people_given_dmeta_idx" ON "young_people" USING btree ("area_id",dmetaphone(coalesce("given_name", '')));