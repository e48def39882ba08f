-- AlterTable
ALTER TABLE "claude_code_usage" DROP CONSTRAINT "claude_code_usage_pkey",
ADD CONSTRAINT "claude_code_usage_pkey" PRIMARY KEY ("orgId", "connectionId", "day", "actor", "terminalType", "isRemote", "model");

