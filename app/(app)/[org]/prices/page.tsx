import type { Metadata } from "next";
import { OverrideForm } from "@/components/prices/override-form";
import { OverridesTable } from "@/components/prices/overrides-table";
import { PriceCatalog } from "@/components/prices/price-catalog";
import { PriceListImport } from "@/components/prices/price-list-import";
import { ReratePanel } from "@/components/prices/rerate-panel";
import { SavingsChart } from "@/components/prices/savings-chart";
import { UnpricedPanel } from "@/components/prices/unpriced-panel";
import { Card, PageHeader } from "@/components/ui/card";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { formatCount } from "@/lib/money";
import { catalogModels, listOverrides, listPrices, listRerateRuns, savingsVsList, unpricedUsage } from "@/lib/pricing/queries";

export const metadata: Metadata = { title: "Prices" };

export default async function PricesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "prices:read", `/${org}/prices`);
  const canWrite = mayAtAll(actor, "prices:write");
  const seesSpend = mayAtAll(actor, "spend:read");
  const [prices, models, overrides, runs, unpriced, savings] = await Promise.all([
    listPrices(actor),
    catalogModels(actor),
    listOverrides(actor),
    listRerateRuns(actor),
    seesSpend ? unpricedUsage(actor) : Promise.resolve([]),
    seesSpend ? savingsVsList(actor) : Promise.resolve([]),
  ]);
  const unpricedRecords = unpriced.reduce((sum, row) => sum + row.records, 0);
  const yearAgo = new Date(Date.UTC(new Date().getUTCFullYear() - 1, new Date().getUTCMonth(), 1)).toISOString().slice(0, 10);
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Prices"
        description="Every token is priced from this catalog at the price valid on its day, after your model mappings and contract prices. Usage it cannot price is listed, never counted as free."
      />
      {seesSpend ? (
        <Card
          title={unpricedRecords ? `Unpriced usage: ${formatCount(unpricedRecords)} records` : "Unpriced usage"}
          description={canWrite ? "Map each name to the catalog model it is billed as; its usage is then re-rated." : "An admin can map these names to catalog models."}
          className={unpricedRecords ? "border-amber-300" : undefined}
        >
          <UnpricedPanel org={org} rows={unpriced} models={models} canMap={canWrite} />
        </Card>
      ) : null}
      {seesSpend ? (
        <Card title="Saved against list prices" description="Priced usage per month at list prices and at your contract prices.">
          <SavingsChart months={savings} currency={savings.some((month) => month.currency === actor.org.currency) ? actor.org.currency : savings[0]?.currency ?? actor.org.currency} />
        </Card>
      ) : null}
      <Card title="Contract prices" description="Your negotiated prices or discounts, effective-dated. Estimates use them; the list price stays beside them.">
        <div className="space-y-6">
          <OverridesTable org={org} overrides={overrides} canEdit={canWrite} />
          {canWrite ? <OverrideForm org={org} models={models} /> : null}
        </div>
      </Card>
      <Card title="Re-rate" description="After a price, mapping or contract change, price a date range again; the ledger, its rollups and the audit log are updated together.">
        <ReratePanel org={org} runs={runs} canStart={canWrite} defaultFrom={yearAgo} />
      </Card>
      <Card title="Catalog" description="List prices in USD per million tokens by service tier, with their source and the day they were checked.">
        <PriceCatalog org={org} initial={prices} />
      </Card>
      {canWrite ? (
        <Card title="Import a price list" description="A price list in the common open JSON format (input_cost_per_token, cache_read_input_token_cost, …). You see the changes before they apply.">
          <PriceListImport org={org} />
        </Card>
      ) : null}
    </div>
  );
}
