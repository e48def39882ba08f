import { Card, EmptyState } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { LazyComparisonChart } from "@/components/what-if/lazy-comparison-chart";
import { comparisonBars } from "@/components/what-if/prepare-comparison";
import { providerLabel } from "@/lib/ingest/providers";
import { formatCount, formatMoney } from "@/lib/money";
import type { WhatIfAnswer } from "@/lib/what-if/schemas";

function Figure({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </p>
      <p className="mt-1 text-xs text-slate-600">{detail}</p>
    </div>
  );
}

const tokens = (count: string) => formatCount(Number(count));

export function WhatIfResult({ answer }: { answer: WhatIfAnswer }) {
  const money = (amount: string) => formatMoney(amount, answer.currency);
  const { current, projected, difference } = answer;
  const cheaper = difference.amount.startsWith("-");
  const prices = projected.pricePerMillion;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 md:grid-cols-3">
        <Figure
          label="Today, per 30 days"
          value={money(current.cost)}
          testId="what-if-current"
          detail={`${tokens(current.inputTokens)} input (${current.cacheReadShare} % cache reads) and ${tokens(current.outputTokens)} output tokens, ${tokens(current.requests)} requests`}
        />
        <Figure
          label={`On ${projected.model}, per 30 days`}
          value={money(projected.cost)}
          testId="what-if-projected"
          detail={`${projected.cacheHitShare} % cache hits; per million: ${formatMoney(prices.uncachedInput, answer.currency, { precise: true })} input, ${prices.cacheRead === null ? "no cache price" : `${formatMoney(prices.cacheRead, answer.currency, { precise: true })} cached`}, ${formatMoney(prices.output, answer.currency, { precise: true })} output`}
        />
        <Figure
          label={cheaper ? "Saving" : "Extra cost"}
          value={`${cheaper ? "−" : "+"}${money(difference.amount.replace(/^-/, ""))}`}
          testId="what-if-difference"
          detail={difference.percent === null ? "No spend today to compare with." : `${difference.percent.replace(/^-/, "−")} % against today`}
        />
      </div>
      <Card title="Today against the projection" description={answer.basis}>
        <LazyComparisonChart bars={comparisonBars(answer)} currency={answer.currency} title={`${answer.scope.name}: today's cost and on ${projected.model}, per 30 days`} />
      </Card>
      <Card title="Today, by model" description={`${answer.window.from} to ${answer.window.to}.`}>
        {current.byModel.length === 0 ? (
          <EmptyState>No usage in the last 30 days.</EmptyState>
        ) : (
          <Table caption="Today's cost by model">
            <thead>
              <tr>
                <Th>Model</Th>
                <Th>Provider</Th>
                <Th className="text-right">Cost</Th>
                <Th className="text-right">Requests</Th>
                <Th className="text-right">Input tokens</Th>
                <Th className="text-right">Output tokens</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {current.byModel.map((row) => (
                <tr key={`${row.provider}/${row.model}`}>
                  <Td className="font-medium">{row.model || "(none)"}</Td>
                  <Td>{providerLabel(row.provider)}</Td>
                  <Td className="text-right tabular-nums">{money(row.cost)}</Td>
                  <Td className="text-right tabular-nums">{tokens(row.requests)}</Td>
                  <Td className="text-right tabular-nums">{tokens(row.inputTokens)}</Td>
                  <Td className="text-right tabular-nums">{tokens(row.outputTokens)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
