-- AlterTable
ALTER TABLE "budget" ADD COLUMN     "blockAtPercent" INTEGER,
ADD COLUMN     "channelIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "downgradeAtPercent" INTEGER,
ADD COLUMN     "muted" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "alert" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "budgetId" TEXT,
    "periodFrom" DATE,
    "periodTo" DATE,
    "threshold" INTEGER,
    "teamId" TEXT,
    "workflowId" TEXT,
    "provider" TEXT,
    "model" TEXT,
    "day" DATE,
    "figures" JSONB NOT NULL,
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "link" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedById" TEXT,
    "rearmedAt" TIMESTAMP(3),
    "rearmedAtPercent" DECIMAL(12,2),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_channel" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "secretHint" TEXT NOT NULL,
    "organizationAlerts" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "alertId" TEXT,
    "channelId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery_attempt" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "responseStatus" INTEGER,
    "response" TEXT,
    "durationMs" INTEGER NOT NULL,
    "attemptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_delivery_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_orgId_createdAt_idx" ON "alert"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "alert_orgId_budgetId_idx" ON "alert"("orgId", "budgetId");

-- CreateIndex
CREATE UNIQUE INDEX "alert_orgId_dedupeKey_key" ON "alert"("orgId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "notification_channel_orgId_name_key" ON "notification_channel"("orgId", "name");

-- CreateIndex
CREATE INDEX "alert_delivery_status_nextAttemptAt_idx" ON "alert_delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "alert_delivery_orgId_createdAt_idx" ON "alert_delivery"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "alert_delivery_alertId_channelId_key" ON "alert_delivery"("alertId", "channelId");

-- CreateIndex
CREATE INDEX "alert_delivery_attempt_deliveryId_attemptedAt_idx" ON "alert_delivery_attempt"("deliveryId", "attemptedAt");

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_channel" ADD CONSTRAINT "notification_channel_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "notification_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery_attempt" ADD CONSTRAINT "alert_delivery_attempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "alert_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

