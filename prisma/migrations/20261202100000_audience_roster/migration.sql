-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "isRosterVisible" BOOLEAN NOT NULL DEFAULT false;
