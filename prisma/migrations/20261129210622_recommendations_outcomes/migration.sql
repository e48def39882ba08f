-- AlterTable
ALTER TABLE "workflow" ADD COLUMN     "interactive" BOOLEAN;

-- CreateTable
CREATE TABLE "recommendation" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "teamId" TEXT,
    "workflowId" TEXT,
    "provider" TEXT,
    "model" TEXT,
    "targetModel" TEXT,
    "title" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "monthlySaving" DECIMAL(20,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "confidence" TEXT NOT NULL,
    "dismissReason" TEXT,
    "snoozedUntil" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "acceptedById" TEXT,
    "baseline" JSONB,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outcome" (
    "orgId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "count" DECIMAL(20,4) NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "outcome_pkey" PRIMARY KEY ("orgId","workflowId","day","kind")
);

-- CreateIndex
CREATE INDEX "recommendation_orgId_status_idx" ON "recommendation"("orgId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "recommendation_orgId_dedupeKey_key" ON "recommendation"("orgId", "dedupeKey");

-- CreateIndex
CREATE INDEX "outcome_orgId_day_idx" ON "outcome"("orgId", "day");

-- AddForeignKey
ALTER TABLE "recommendation" ADD CONSTRAINT "recommendation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outcome" ADD CONSTRAINT "outcome_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

