-- A room's change sequence (shared/changeSequence.ts). Every insert or
-- update of a chat message, a question or a poll takes the room's next
-- number, in its own transaction: the room row stays locked until the
-- change commits, so numbers commit in order and a reader that sees one
-- sees every lower one. A trigger rather than application code, so that no
-- write path can forget it.

-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "changeSeq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN     "changeSeq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "changeSeq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Poll" ADD COLUMN     "changeSeq" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "ChatMessage_roomId_changeSeq_idx" ON "ChatMessage"("roomId", "changeSeq");

-- CreateIndex
CREATE INDEX "Question_roomId_changeSeq_idx" ON "Question"("roomId", "changeSeq");

-- CreateIndex
CREATE INDEX "Poll_roomId_changeSeq_idx" ON "Poll"("roomId", "changeSeq");

-- The body is an escaped string with its semicolons written as \073: Prisma's
-- driver adapters split a migration script at every semicolon, dollar quotes
-- or not, and `prisma migrate deploy` through them must read this file too.
CREATE FUNCTION "convene_take_change_seq"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  UPDATE "Room" SET "changeSeq" = "changeSeq" + 1 WHERE "id" = NEW."roomId" RETURNING "changeSeq" INTO NEW."changeSeq"\073
  RETURN NEW\073
END';

CREATE TRIGGER "ChatMessage_change_seq" BEFORE INSERT OR UPDATE ON "ChatMessage"
  FOR EACH ROW EXECUTE FUNCTION "convene_take_change_seq"();

CREATE TRIGGER "Question_change_seq" BEFORE INSERT OR UPDATE ON "Question"
  FOR EACH ROW EXECUTE FUNCTION "convene_take_change_seq"();

CREATE TRIGGER "Poll_change_seq" BEFORE INSERT OR UPDATE ON "Poll"
  FOR EACH ROW EXECUTE FUNCTION "convene_take_change_seq"();
