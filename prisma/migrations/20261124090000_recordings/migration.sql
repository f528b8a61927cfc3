-- CreateTable
CREATE TABLE "Recording" (
    "id" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "requestedBy" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "stopRequestedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "failureReason" TEXT,
    "access" TEXT NOT NULL DEFAULT 'organisers',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recording_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordingSegment" (
    "id" TEXT NOT NULL,
    "recordingId" TEXT NOT NULL,
    "peerId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "sources" TEXT[],
    "fileName" TEXT NOT NULL,
    "startMs" INTEGER NOT NULL,
    "endMs" INTEGER,
    "bytes" INTEGER,

    CONSTRAINT "RecordingSegment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordingTimelineEntry" (
    "recordingId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "RecordingTimelineEntry_pkey" PRIMARY KEY ("recordingId","seq")
);

-- CreateIndex
CREATE INDEX "Recording_roomId_createdAt_idx" ON "Recording"("roomId", "createdAt");

-- CreateIndex
CREATE INDEX "Recording_state_heartbeatAt_idx" ON "Recording"("state", "heartbeatAt");

-- CreateIndex
CREATE INDEX "RecordingSegment_recordingId_startMs_idx" ON "RecordingSegment"("recordingId", "startMs");

-- CreateIndex
CREATE UNIQUE INDEX "RecordingSegment_recordingId_fileName_key" ON "RecordingSegment"("recordingId", "fileName");

-- AddForeignKey
ALTER TABLE "Recording" ADD CONSTRAINT "Recording_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordingSegment" ADD CONSTRAINT "RecordingSegment_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordingTimelineEntry" ADD CONSTRAINT "RecordingTimelineEntry_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE CASCADE ON UPDATE CASCADE;
