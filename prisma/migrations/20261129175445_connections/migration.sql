-- CreateTable
CREATE TABLE "provider_connection" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyCiphertext" TEXT NOT NULL,
    "keyHint" TEXT NOT NULL,
    "baseUrl" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "statusMessage" TEXT,
    "backfillFrom" DATE NOT NULL,
    "backfillCursor" DATE,
    "trailingDays" INTEGER NOT NULL DEFAULT 3,
    "syncedThrough" DATE,
    "records" INTEGER NOT NULL DEFAULT 0,
    "coverageFrom" DATE,
    "coverageTo" DATE,
    "lastSyncAt" TIMESTAMP(3),
    "lastSyncStatus" TEXT,
    "lastSyncMessage" TEXT,
    "nextSyncAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provider_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_run" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "connectionId" TEXT,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "fromDay" DATE,
    "toDay" DATE,
    "cursorDay" DATE,
    "windowsTotal" INTEGER NOT NULL DEFAULT 0,
    "windowsDone" INTEGER NOT NULL DEFAULT 0,
    "records" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claude_code_usage" (
    "orgId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "actor" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "customerType" TEXT,
    "terminalType" TEXT NOT NULL DEFAULT '',
    "isRemote" BOOLEAN NOT NULL DEFAULT false,
    "model" TEXT NOT NULL DEFAULT '',
    "sessions" INTEGER NOT NULL DEFAULT 0,
    "linesAdded" INTEGER NOT NULL DEFAULT 0,
    "linesRemoved" INTEGER NOT NULL DEFAULT 0,
    "commits" INTEGER NOT NULL DEFAULT 0,
    "pullRequests" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheReadTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWriteTokens" BIGINT NOT NULL DEFAULT 0,
    "estimatedCost" DECIMAL(32,14) NOT NULL DEFAULT 0,

    CONSTRAINT "claude_code_usage_pkey" PRIMARY KEY ("connectionId","day","actor","terminalType","isRemote","model")
);

-- CreateTable
CREATE TABLE "usage_event" (
    "orgId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "groupKey" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT,
    "serviceTier" TEXT,
    "project" TEXT,
    "apiKey" TEXT,
    "providerUser" TEXT,
    "teamName" TEXT,
    "workflowName" TEXT,
    "tags" JSONB,
    "uncachedInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheReadInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWrite5mInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWrite1hInputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "reasoningTokens" BIGINT NOT NULL DEFAULT 0,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "cost" DECIMAL(32,14),
    "currency" CHAR(3) NOT NULL,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_event_pkey" PRIMARY KEY ("orgId","eventId")
);

-- CreateIndex
CREATE UNIQUE INDEX "provider_connection_orgId_name_key" ON "provider_connection"("orgId", "name");

-- CreateIndex
CREATE INDEX "job_run_orgId_createdAt_idx" ON "job_run"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "job_run_connectionId_createdAt_idx" ON "job_run"("connectionId", "createdAt");

-- CreateIndex
CREATE INDEX "claude_code_usage_orgId_day_idx" ON "claude_code_usage"("orgId", "day");

-- CreateIndex
CREATE INDEX "usage_event_orgId_groupKey_idx" ON "usage_event"("orgId", "groupKey");

-- AddForeignKey
ALTER TABLE "provider_connection" ADD CONSTRAINT "provider_connection_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_run" ADD CONSTRAINT "job_run_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "provider_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

