-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN     "requestId" TEXT;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "requestId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ChatMessage_roomId_authorId_requestId_key" ON "ChatMessage"("roomId", "authorId", "requestId");

-- CreateIndex
CREATE UNIQUE INDEX "Question_roomId_authorId_requestId_key" ON "Question"("roomId", "authorId", "requestId");
