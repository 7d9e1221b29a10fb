-- Fuzzy name matching (triage suggestions, search) needs these; PGlite ships both.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
