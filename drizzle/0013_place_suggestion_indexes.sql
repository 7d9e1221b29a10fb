CREATE INDEX "places_of_concern_name_trgm_idx" ON "places_of_concern" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "places_of_concern_address_trgm_idx" ON "places_of_concern" USING gin (lower(coalesce("address_line", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "places_of_concern_postcode_idx" ON "places_of_concern" USING btree ("area_id","postcode");