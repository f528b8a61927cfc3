-- The platform's administrators (the first organiser, made on the first-run
-- screen): they create events and read the outbox. Written by hand in
-- Prisma's layout.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "isAdmin" BOOLEAN NOT NULL DEFAULT false;
