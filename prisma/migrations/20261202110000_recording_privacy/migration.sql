-- AlterTable
ALTER TABLE "Recording" ADD COLUMN     "accessVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "optedOut" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Timeline entries keep a chat message or a question by id only: the replay reads
-- their words and author from their own rows when it is served, so copies of them
-- (which outlived deletions, edits, withdrawals and dismissals) are removed.
UPDATE "RecordingTimelineEntry" SET "data" = "data" - 'author' - 'body' WHERE "kind" IN ('chat', 'question');

-- A withdrawn question is gone for everyone: its words are not kept either.
UPDATE "Question" SET "body" = '' WHERE "status" = 'withdrawn';
