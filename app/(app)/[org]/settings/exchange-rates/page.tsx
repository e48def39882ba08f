import type { Metadata } from "next";
import { ExchangeRateForm, ExchangeRatesImport } from "@/components/settings/exchange-rate-form";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { mayAtAll } from "@/lib/auth/authorize";
import { pageActorWith } from "@/lib/auth/page-actor";
import { listExchangeRates, missingRateCurrencies } from "@/lib/pricing/queries";

export const metadata: Metadata = { title: "Exchange rates" };

export default async function ExchangeRatesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await pageActorWith(org, "rates:read", `/${org}/settings/exchange-rates`);
  const canWrite = mayAtAll(actor, "rates:write");
  const [rates, missing] = await Promise.all([listExchangeRates(actor), missingRateCurrencies(actor)]);
  const reporting = actor.org.currency;
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Exchange rates"
        description={`Amounts stay in the currency they were billed in; reports convert them to ${reporting} at the rate of each charge's date (the latest rate on or before it). A missing rate is an error, never 1.0.`}
      />
      {missing.length ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="missing-rates">
          <p className="font-medium">Spend in {missing.map((entry) => entry.currency).join(", ")} cannot be reported in {reporting} yet.</p>
          <ul className="mt-1 list-disc pl-5">
            {missing.map((entry) => (
              <li key={entry.currency}>
                {entry.currency}: add a rate on or before {entry.firstDay}, the first day with {entry.currency} charges.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {canWrite ? (
        <>
          <Card title="Add a rate">
            <ExchangeRateForm org={org} reportingCurrency={reporting} suggestedCurrency={missing[0]?.currency} />
          </Card>
          <Card title="Import rates" description="A CSV with one rate per line: date (YYYY-MM-DD), currency, rate to the reporting currency. A header row is optional.">
            <ExchangeRatesImport org={org} />
          </Card>
        </>
      ) : null}
      <Card title={`Rates to ${reporting}`}>
        {rates.length === 0 ? (
          <EmptyState>No exchange rates yet.</EmptyState>
        ) : (
          <Table caption={`Exchange rates to ${reporting}`}>
            <thead>
              <tr>
                <Th>Currency</Th>
                <Th>From</Th>
                <Th className="text-right">1 unit in {reporting}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rates.map((rate) => (
                <tr key={`${rate.fromCurrency}/${rate.day}`}>
                  <Td>{rate.fromCurrency}</Td>
                  <Td>{rate.day}</Td>
                  <Td className="text-right tabular-nums">{rate.rate}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
