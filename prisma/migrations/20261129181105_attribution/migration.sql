-- AlterTable
ALTER TABLE "usage_record" ADD COLUMN     "attributedBy" TEXT;

-- CreateTable
CREATE TABLE "daily_usage_detail" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL DEFAULT '',
    "teamId" TEXT NOT NULL DEFAULT '',
    "workflowId" TEXT NOT NULL DEFAULT '',
    "serviceTier" TEXT NOT NULL DEFAULT '',
    "project" TEXT NOT NULL DEFAULT '',
    "apiKey" TEXT NOT NULL DEFAULT '',
    "providerUser" TEXT NOT NULL DEFAULT '',
    "currency" CHAR(3) NOT NULL,
    "records" BIGINT NOT NULL DEFAULT 0,
    "uncachedInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheReadInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWrite5mInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWrite1hInputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "reasoningTokens" BIGINT NOT NULL DEFAULT 0,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "billedCost" DECIMAL(32,14) NOT NULL DEFAULT 0,
    "estimatedCost" DECIMAL(32,14) NOT NULL DEFAULT 0,
    "effectiveCost" DECIMAL(32,14) NOT NULL DEFAULT 0,
    "listCost" DECIMAL(32,14) NOT NULL DEFAULT 0,
    "unpricedRecords" BIGINT NOT NULL DEFAULT 0,
    "unpricedTokens" BIGINT NOT NULL DEFAULT 0,
    "billedRecords" BIGINT NOT NULL DEFAULT 0,
    "estimatedRecords" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "daily_usage_detail_pkey" PRIMARY KEY ("orgId","day","provider","model","teamId","workflowId","serviceTier","currency","project","apiKey","providerUser")
);

-- CreateTable
CREATE TABLE "attribution_rule" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "conditions" JSONB NOT NULL,
    "teamId" TEXT,
    "workflowId" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "attribution_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spend_split" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sourceTeamId" TEXT,
    "method" TEXT NOT NULL,
    "targets" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "spend_split_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "attribution_rule_orgId_position_idx" ON "attribution_rule"("orgId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "spend_split_orgId_name_key" ON "spend_split"("orgId", "name");

