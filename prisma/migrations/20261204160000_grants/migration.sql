-- Roles per event and per session, granted to email addresses. Written by
-- hand in Prisma's layout.

-- CreateTable
CREATE TABLE "EventGrant" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionGrant" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EventGrant_eventId_email_key" ON "EventGrant"("eventId", "email");

-- CreateIndex
CREATE INDEX "EventGrant_email_idx" ON "EventGrant"("email");

-- CreateIndex
CREATE UNIQUE INDEX "SessionGrant_sessionId_email_key" ON "SessionGrant"("sessionId", "email");

-- CreateIndex
CREATE INDEX "SessionGrant_email_idx" ON "SessionGrant"("email");

-- AddForeignKey
ALTER TABLE "EventGrant" ADD CONSTRAINT "EventGrant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionGrant" ADD CONSTRAINT "SessionGrant_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
