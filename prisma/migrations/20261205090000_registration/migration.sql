-- Taking part: registrations for events and sessions, the waiting list's
-- offers, and each person's agenda settings. Written by hand in Prisma's layout.

-- AlterTable
ALTER TABLE "Event" ADD COLUMN "offerHours" INTEGER NOT NULL DEFAULT 24;

-- CreateTable
CREATE TABLE "EventRegistration" (
    "eventId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "country" TEXT NOT NULL DEFAULT '',
    "region" TEXT,
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "accessNeeds" TEXT NOT NULL DEFAULT '',
    "consentsToRecording" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventRegistration_pkey" PRIMARY KEY ("eventId","accountId")
);

-- CreateTable
CREATE TABLE "SessionRegistration" (
    "sessionId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "offeredAt" TIMESTAMP(3),
    "offerExpiresAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionRegistration_pkey" PRIMARY KEY ("sessionId","accountId")
);

-- CreateTable
CREATE TABLE "AgendaSettings" (
    "accountId" TEXT NOT NULL,
    "feedToken" TEXT,
    "reminders" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AgendaSettings_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE INDEX "EventRegistration_accountId_idx" ON "EventRegistration"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "SessionRegistration_seq_key" ON "SessionRegistration"("seq");

-- CreateIndex
CREATE INDEX "SessionRegistration_sessionId_state_seq_idx" ON "SessionRegistration"("sessionId", "state", "seq");

-- CreateIndex
CREATE INDEX "SessionRegistration_accountId_idx" ON "SessionRegistration"("accountId");

-- CreateIndex
CREATE INDEX "SessionRegistration_state_offerExpiresAt_idx" ON "SessionRegistration"("state", "offerExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgendaSettings_feedToken_key" ON "AgendaSettings"("feedToken");

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionRegistration" ADD CONSTRAINT "SessionRegistration_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionRegistration" ADD CONSTRAINT "SessionRegistration_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgendaSettings" ADD CONSTRAINT "AgendaSettings_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "EventAuditEntry" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventAuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventAuditEntry_eventId_at_idx" ON "EventAuditEntry"("eventId", "at");

-- AddForeignKey
ALTER TABLE "EventAuditEntry" ADD CONSTRAINT "EventAuditEntry_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "ownerAccountId" TEXT;

-- CreateTable
CREATE TABLE "ParticipationCall" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "sessionId" TEXT,
    "forSession" BOOLEAN NOT NULL DEFAULT false,
    "questions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "closesAt" TIMESTAMP(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ParticipationCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Application" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "answers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "state" TEXT NOT NULL DEFAULT 'submitted',
    "message" TEXT NOT NULL DEFAULT '',
    "decidedAt" TIMESTAMP(3),
    "sessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationComment" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationComment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ParticipationCall_eventId_createdAt_idx" ON "ParticipationCall"("eventId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Application_callId_accountId_key" ON "Application"("callId", "accountId");

-- CreateIndex
CREATE INDEX "Application_callId_state_idx" ON "Application"("callId", "state");

-- CreateIndex
CREATE INDEX "ApplicationComment_applicationId_at_idx" ON "ApplicationComment"("applicationId", "at");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_ownerAccountId_fkey" FOREIGN KEY ("ownerAccountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipationCall" ADD CONSTRAINT "ParticipationCall_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipationCall" ADD CONSTRAINT "ParticipationCall_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_callId_fkey" FOREIGN KEY ("callId") REFERENCES "ParticipationCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationComment" ADD CONSTRAINT "ApplicationComment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "headers" JSONB;

-- CreateTable
CREATE TABLE "MailingListMember" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "topics" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "region" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "confirmedAt" TIMESTAMP(3),
    "confirmDigest" TEXT,
    "confirmSentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailingListMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Announcement" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "audience" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "written" INTEGER NOT NULL DEFAULT 0,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Announcement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MailingListMember_seq_key" ON "MailingListMember"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "MailingListMember_confirmDigest_key" ON "MailingListMember"("confirmDigest");

-- CreateIndex
CREATE INDEX "MailingListMember_eventId_seq_idx" ON "MailingListMember"("eventId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "MailingListMember_eventId_email_key" ON "MailingListMember"("eventId", "email");

-- CreateIndex
CREATE INDEX "Announcement_eventId_createdAt_idx" ON "Announcement"("eventId", "createdAt");

-- CreateIndex
CREATE INDEX "Announcement_state_idx" ON "Announcement"("state");

-- AddForeignKey
ALTER TABLE "MailingListMember" ADD CONSTRAINT "MailingListMember_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
