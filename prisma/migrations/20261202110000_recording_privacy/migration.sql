-- AlterTable
ALTER TABLE "Recording" ADD COLUMN     "accessVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "optedOut" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Timeline entries keep a chat message or a question by id only: the replay reads
-- their words and author from their own rows when it is served, so copies of them
-- (which outlived deletions, edits, withdrawals and dismissals) are removed.
UPDATE "RecordingTimelineEntry" SET "data" = "data" - 'author' - 'body' WHERE "kind" IN ('chat', 'question');

-- A withdrawn question is gone for everyone: its words are not kept either.
UPDATE "Question" SET "body" = '' WHERE "status" = 'withdrawn';

-- The audit log keeps what a moderator did, not the words it was done to: the
-- start of a deleted message, and a moderated question's words after its action
-- code ("pin: …"), which its asker may withdraw, go.
UPDATE "AuditEntry" SET "detail" = NULL WHERE "action" = 'chat.delete';
UPDATE "AuditEntry" SET "detail" = split_part("detail", ':', 1) WHERE "action" = 'question.moderate';
