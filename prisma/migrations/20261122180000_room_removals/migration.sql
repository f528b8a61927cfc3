-- CreateTable
CREATE TABLE "RoomRemoval" (
    "id" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "invitationId" TEXT,
    "displayName" TEXT NOT NULL,
    "removedBy" TEXT NOT NULL,
    "removedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readmittedAt" TIMESTAMP(3),

    CONSTRAINT "RoomRemoval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RoomRemoval_roomId_readmittedAt_idx" ON "RoomRemoval"("roomId", "readmittedAt");

-- AddForeignKey
ALTER TABLE "RoomRemoval" ADD CONSTRAINT "RoomRemoval_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;
