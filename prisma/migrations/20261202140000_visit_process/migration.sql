-- AlterTable
ALTER TABLE "RoomVisit" ADD COLUMN     "processId" TEXT;

-- CreateIndex
CREATE INDEX "RoomVisit_processId_leftAt_idx" ON "RoomVisit"("processId", "leftAt");
