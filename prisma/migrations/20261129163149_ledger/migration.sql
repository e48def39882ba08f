-- CreateEnum
CREATE TYPE "ChargeCategory" AS ENUM ('USAGE', 'CREDIT', 'REFUND', 'TAX', 'PURCHASE', 'ADJUSTMENT');

-- CreateEnum
CREATE TYPE "SourceKind" AS ENUM ('UPLOAD', 'CONNECTION', 'PUSH');

-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "usage_record" (
    "orgId" TEXT NOT NULL,
    "naturalKey" UUID NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "periodEnd" TIMESTAMPTZ(3) NOT NULL,
    "usageDate" DATE NOT NULL,
    "provider" TEXT NOT NULL,
    "service" TEXT,
    "model" TEXT,
    "modelRaw" TEXT,
    "serviceTier" TEXT,
    "project" TEXT,
    "apiKey" TEXT,
    "providerUser" TEXT,
    "tags" JSONB,
    "teamId" TEXT,
    "workflowId" TEXT,
    "uncachedInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheReadInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWrite5mInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWrite1hInputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "reasoningTokens" BIGINT NOT NULL DEFAULT 0,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "otherUnits" DECIMAL(32,14),
    "otherUnit" TEXT,
    "billedCost" DECIMAL(32,14),
    "estimatedCost" DECIMAL(32,14),
    "currency" CHAR(3) NOT NULL,
    "chargeCategory" "ChargeCategory" NOT NULL,
    "sourceKind" "SourceKind" NOT NULL,
    "uploadId" TEXT,
    "connectionId" TEXT,
    "sourceRow" INTEGER,
    "sourceRef" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_record_pkey" PRIMARY KEY ("orgId","naturalKey")
);

-- CreateTable
CREATE TABLE "daily_usage" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL DEFAULT '',
    "teamId" TEXT NOT NULL DEFAULT '',
    "workflowId" TEXT NOT NULL DEFAULT '',
    "serviceTier" TEXT NOT NULL DEFAULT '',
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
    "billedRecords" BIGINT NOT NULL DEFAULT 0,
    "estimatedRecords" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "daily_usage_pkey" PRIMARY KEY ("orgId","day","provider","model","teamId","workflowId","serviceTier","currency")
);

-- CreateTable
CREATE TABLE "upload" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "uploadedById" TEXT,
    "filename" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "format" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'strict',
    "mappingName" TEXT,
    "status" "UploadStatus" NOT NULL DEFAULT 'PENDING',
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsImported" INTEGER NOT NULL DEFAULT 0,
    "rowsSkipped" INTEGER NOT NULL DEFAULT 0,
    "rowsRejected" INTEGER NOT NULL DEFAULT 0,
    "rowsNotAi" INTEGER NOT NULL DEFAULT 0,
    "rowsEmpty" INTEGER NOT NULL DEFAULT 0,
    "bytesRead" BIGINT NOT NULL DEFAULT 0,
    "periodStart" TIMESTAMPTZ(3),
    "periodEnd" TIMESTAMPTZ(3),
    "totals" JSONB,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upload_error" (
    "uploadId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "orgId" TEXT NOT NULL,
    "rowNumber" INTEGER,
    "column" TEXT,
    "value" TEXT,
    "reason" TEXT NOT NULL,

    CONSTRAINT "upload_error_pkey" PRIMARY KEY ("uploadId","seq")
);

-- CreateTable
CREATE TABLE "column_mapping" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "headerSignature" TEXT NOT NULL,
    "headers" TEXT[],
    "mapping" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "column_mapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "usage_record_orgId_usageDate_idx" ON "usage_record"("orgId", "usageDate");

-- CreateIndex
CREATE INDEX "upload_orgId_createdAt_idx" ON "upload"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "upload_orgId_contentHash_idx" ON "upload"("orgId", "contentHash");

-- CreateIndex
CREATE INDEX "column_mapping_orgId_headerSignature_idx" ON "column_mapping"("orgId", "headerSignature");

-- CreateIndex
CREATE UNIQUE INDEX "column_mapping_orgId_name_key" ON "column_mapping"("orgId", "name");

-- AddForeignKey
ALTER TABLE "upload" ADD CONSTRAINT "upload_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upload_error" ADD CONSTRAINT "upload_error_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "upload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "column_mapping" ADD CONSTRAINT "column_mapping_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

