import { defineConfig } from 'drizzle-kit';

// Migrations are generated once and committed; the same files run on PGlite and on PostgreSQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/modules/schema.ts',
  out: './drizzle',
});
