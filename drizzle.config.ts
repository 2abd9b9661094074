import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema files; they never need a live database.
export default defineConfig({
  dialect: 'postgresql',
  // Every table is exported from lib/db/schema.ts (domain files named schema.ts and others, e.g. accountability/radar-schema.ts).
  schema: './lib/db/schema.ts',
  out: './drizzle',
  casing: 'snake_case',
});
