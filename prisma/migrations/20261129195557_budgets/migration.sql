-- CreateTable
CREATE TABLE "budget" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "thresholds" JSONB NOT NULL,
    "teamId" TEXT,
    "workflowId" TEXT,
    "provider" TEXT,
    "model" TEXT,
    "note" TEXT,
    "ownerUserId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "budget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "budget_orgId_teamId_idx" ON "budget"("orgId", "teamId");

-- CreateIndex
CREATE UNIQUE INDEX "budget_orgId_name_key" ON "budget"("orgId", "name");

-- AddForeignKey
ALTER TABLE "budget" ADD CONSTRAINT "budget_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

