-- AlterTable
ALTER TABLE "usage_record" ADD COLUMN     "contextTier" TEXT,
ADD COLUMN     "listCost" DECIMAL(32,14),
ADD COLUMN     "pricedModel" TEXT,
ADD COLUMN     "unpriced" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "daily_usage" ADD COLUMN     "listCost" DECIMAL(32,14) NOT NULL DEFAULT 0,
ADD COLUMN     "unpricedRecords" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "unpricedTokens" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "price_entry" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "serviceTier" TEXT NOT NULL DEFAULT 'standard',
    "contextTier" TEXT NOT NULL DEFAULT '',
    "uncachedInputPerMillion" DECIMAL(24,12),
    "cacheReadPerMillion" DECIMAL(24,12),
    "cacheWrite5mPerMillion" DECIMAL(24,12),
    "cacheWrite1hPerMillion" DECIMAL(24,12),
    "outputPerMillion" DECIMAL(24,12),
    "unit" TEXT,
    "unitPrice" DECIMAL(24,12),
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "source" TEXT NOT NULL,
    "checkedAt" DATE NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'shipped',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_alias" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL DEFAULT '',
    "provider" TEXT NOT NULL DEFAULT '',
    "alias" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_alias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_override" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL DEFAULT '',
    "serviceTier" TEXT NOT NULL DEFAULT '',
    "tokenType" TEXT,
    "pricePerMillion" DECIMAL(24,12),
    "discountPercent" DECIMAL(7,4),
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_override_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange_rate" (
    "orgId" TEXT NOT NULL,
    "fromCurrency" CHAR(3) NOT NULL,
    "toCurrency" CHAR(3) NOT NULL,
    "day" DATE NOT NULL,
    "rate" DECIMAL(24,12) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exchange_rate_pkey" PRIMARY KEY ("orgId","fromCurrency","toCurrency","day")
);

-- CreateTable
CREATE TABLE "rerate_run" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "fromDay" DATE NOT NULL,
    "toDay" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "recordsTotal" INTEGER NOT NULL DEFAULT 0,
    "recordsDone" INTEGER NOT NULL DEFAULT 0,
    "recordsChanged" INTEGER NOT NULL DEFAULT 0,
    "before" JSONB,
    "after" JSONB,
    "message" TEXT,
    "createdById" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rerate_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "price_entry_model_idx" ON "price_entry"("model");

-- CreateIndex
CREATE UNIQUE INDEX "price_entry_provider_model_serviceTier_contextTier_validFro_key" ON "price_entry"("provider", "model", "serviceTier", "contextTier", "validFrom");

-- CreateIndex
CREATE UNIQUE INDEX "model_alias_orgId_provider_alias_key" ON "model_alias"("orgId", "provider", "alias");

-- CreateIndex
CREATE INDEX "price_override_orgId_provider_model_idx" ON "price_override"("orgId", "provider", "model");

-- CreateIndex
CREATE INDEX "rerate_run_orgId_createdAt_idx" ON "rerate_run"("orgId", "createdAt");

