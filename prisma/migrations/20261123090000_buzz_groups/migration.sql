-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "parentRoomId" TEXT;

-- CreateTable
CREATE TABLE "BuzzRound" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "roomId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "lateArrivals" TEXT NOT NULL DEFAULT 'assign',
    "selfSelectCap" INTEGER,
    "startedAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "returnAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BuzzRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BuzzGroup" (
    "roundId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "roomId" TEXT,
    "name" TEXT NOT NULL,
    "prompt" TEXT NOT NULL DEFAULT '',
    "facilitatorUserId" TEXT,
    "helpRequestedAt" TIMESTAMP(3),
    "helpRequestedBy" TEXT,
    "notes" BYTEA,
    "notesText" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "BuzzGroup_pkey" PRIMARY KEY ("roundId","index")
);

-- CreateTable
CREATE TABLE "BuzzMember" (
    "roundId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "groupIndex" INTEGER NOT NULL,

    CONSTRAINT "BuzzMember_pkey" PRIMARY KEY ("roundId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "BuzzRound_seq_key" ON "BuzzRound"("seq");

-- CreateIndex
CREATE INDEX "BuzzRound_roomId_createdAt_idx" ON "BuzzRound"("roomId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BuzzGroup_roomId_key" ON "BuzzGroup"("roomId");

-- CreateIndex
CREATE INDEX "BuzzMember_roundId_groupIndex_idx" ON "BuzzMember"("roundId", "groupIndex");

-- CreateIndex
CREATE INDEX "Room_parentRoomId_idx" ON "Room"("parentRoomId");

-- AddForeignKey
ALTER TABLE "Room" ADD CONSTRAINT "Room_parentRoomId_fkey" FOREIGN KEY ("parentRoomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BuzzRound" ADD CONSTRAINT "BuzzRound_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BuzzGroup" ADD CONSTRAINT "BuzzGroup_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "BuzzRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BuzzGroup" ADD CONSTRAINT "BuzzGroup_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BuzzMember" ADD CONSTRAINT "BuzzMember_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "BuzzRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;
