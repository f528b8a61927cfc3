-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "autoRecord" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "track" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Recording" ADD COLUMN     "audioFile" TEXT,
ADD COLUMN     "captionsFile" TEXT,
ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "packageAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "packageError" TEXT,
ADD COLUMN     "packageHeartbeatAt" TIMESTAMP(3),
ADD COLUMN     "packageProgress" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "packageRetryAt" TIMESTAMP(3),
ADD COLUMN     "packageState" TEXT NOT NULL DEFAULT 'waiting',
ADD COLUMN     "speakers" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "thumbnailFile" TEXT,
ADD COLUMN     "videoFile" TEXT;

-- CreateIndex
CREATE INDEX "Recording_packageState_idx" ON "Recording"("packageState");
