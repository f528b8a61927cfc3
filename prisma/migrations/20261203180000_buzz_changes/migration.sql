-- A session's buzz-group sequence (BuzzService): every change to its
-- rounds takes the next number here once it has committed, then reads what
-- it tells, so a higher number's message holds every lower one's change.

-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "buzzSeq" INTEGER NOT NULL DEFAULT 0;
