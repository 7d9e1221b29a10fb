ALTER TABLE "young_people" ADD COLUMN "risk_level_source" text;--> statement-breakpoint
ALTER TABLE "young_people" ADD COLUMN "risk_level_source_id" uuid;--> statement-breakpoint
-- Levels already held came from the latest risk assessment.
UPDATE "young_people" yp SET "risk_level_source" = 'assessment', "risk_level_source_id" = ra."id"
FROM (SELECT DISTINCT ON ("young_person_id") "id", "young_person_id" FROM "risk_assessments" ORDER BY "young_person_id", "assessed_at" DESC) ra
WHERE ra."young_person_id" = yp."id" AND yp."risk_level" IS NOT NULL;--> statement-breakpoint
-- A panel's decision made after that assessment is the current level.
UPDATE "young_people" yp SET "risk_level" = ai."level_agreed", "risk_level_set_at" = ai."decided_at", "risk_level_source" = 'panel', "risk_level_source_id" = ai."id"
FROM (SELECT DISTINCT ON ("young_person_id") "id", "young_person_id", "level_agreed", "decided_at" FROM "agenda_items"
      WHERE "outcome" = 'decided' AND "level_agreed" IS NOT NULL AND "young_person_id" IS NOT NULL AND "decided_at" IS NOT NULL
      ORDER BY "young_person_id", "decided_at" DESC) ai
WHERE ai."young_person_id" = yp."id" AND (yp."risk_level_set_at" IS NULL OR yp."risk_level_set_at" <= ai."decided_at");
