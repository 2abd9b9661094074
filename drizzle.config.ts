import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema files; they never need a live database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/*/schema.ts',
  out: './drizzle',
  casing: 'snake_case',
});
