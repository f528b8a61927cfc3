import { defineConfig } from 'prisma/config';

// Only the CLI reads this file. The server opens its own connection
// (server/db/database.ts) and applies migrations itself.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/postgres' },
});
