-- Tokens made before expiry was required end 90 days from now rather than never.
UPDATE "api_tokens" SET "expires_at" = greatest("created_at", now()) + interval '90 days' WHERE "expires_at" IS NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;
